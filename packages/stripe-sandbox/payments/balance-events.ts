import type Stripe from 'stripe';
import type { Sandbox } from '../core/sandbox';
import type { Wire } from '../core/wire';
import { withCurrentStatus } from './balance';
import type { BalanceTransactionObject } from './objects';

/** The account balance: the net of all balance transactions, per currency, split by availability. */
export function accountBalance(sandbox: Sandbox): Wire<Stripe.Balance> {
  const available = new Map<string, number>();
  const pending = new Map<string, number>();
  for (const t of sandbox.store.all<BalanceTransactionObject>('balance_transaction')) {
    const bucket = withCurrentStatus(sandbox, t).status === 'available' ? available : pending;
    bucket.set(t.currency, (bucket.get(t.currency) ?? 0) + t.net);
  }
  const currencies = [...new Set([...available.keys(), ...pending.keys(), 'usd'])].sort();
  return {
    object: 'balance',
    available: currencies.map((currency) => ({ amount: available.get(currency) ?? 0, currency, source_types: { card: available.get(currency) ?? 0 } })),
    livemode: false,
    pending: currencies.map((currency) => ({ amount: pending.get(currency) ?? 0, currency, source_types: { card: pending.get(currency) ?? 0 } })),
  } satisfies Wire<Stripe.Balance>;
}

/** Internal: the sandbox time up to which pending funds have been announced. */
const ANNOUNCED = 'balance_available';

/**
 * `balance.available` (data: the Balance), as Stripe sends it when pending funds become
 * available: once per time step in which any incoming funds passed their `available_on`
 * (run from `sandbox.onTime`, before the daily payout), and at once for funds that are
 * available when they arrive (the bypassPending cards).
 */
export function announceAvailableFunds(sandbox: Sandbox, now: number): void {
  const state = sandbox.store.internal<number>(ANNOUNCED);
  const since = state.upTo ?? 0;
  if (now <= since) return;
  const arrived = sandbox.store
    .all<BalanceTransactionObject>('balance_transaction')
    .some((t) => t.net > 0 && t.available_on > t.created && t.available_on > since && t.available_on <= now);
  state.upTo = now;
  if (arrived) sandbox.events.emit('balance.available', accountBalance(sandbox));
}

/** Funds that were available on arrival (bypassPending): announce them now. */
export function announceImmediateFunds(sandbox: Sandbox): void {
  sandbox.events.emit('balance.available', accountBalance(sandbox));
}
