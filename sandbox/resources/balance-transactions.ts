import type Stripe from 'stripe';
import { inRange, paginate } from '../core/list';
import type { Wire } from '../core/wire';
import { findOrThrow } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import { resourceMissing } from '../core/errors';
import { withCurrentStatus } from '../payments/balance';
import { PAID_OUT, type PayoutObject } from '../payments/payouts';
import type { BalanceTransactionObject } from '../payments/objects';

/** The account balance: the net of all balance transactions, per currency, split by availability. */
function balance(sandbox: Sandbox): Wire<Stripe.Balance> {
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

export function registerBalanceTransactions(sandbox: Sandbox): void {
  const { router, store } = sandbox;

  router.get('/v1/balance', ({ input }) => {
    s.decodeShape({}, input);
    return balance(sandbox);
  });

  router.get('/v1/balance_transactions/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    return withCurrentStatus(sandbox, findOrThrow<BalanceTransactionObject>(sandbox, 'balance_transaction', params.id ?? ''));
  });

  router.get('/v1/balance_transactions', ({ input }) => {
    const p = s.decodeShape(
      { ...s.listParams, created: s.range(), type: s.string(), source: s.string(), currency: s.currency(), payout: s.string() },
      input,
    );
    const paidOut = store.internal<string>(PAID_OUT);
    if (p.payout != null) {
      const payout = store.get<PayoutObject>('payout', p.payout);
      if (!payout) throw resourceMissing('payout', p.payout, 'payout');
    }
    const items = store
      .all<BalanceTransactionObject>('balance_transaction')
      .filter((t) => p.payout == null || paidOut[t.id] === p.payout)
      .filter((t) => inRange(t.created, p.created))
      .filter((t) => p.type == null || t.type === p.type)
      .filter((t) => p.source == null || t.source === p.source)
      .filter((t) => p.currency == null || t.currency === p.currency)
      .map((t) => withCurrentStatus(sandbox, t));
    return paginate(items, p, '/v1/balance_transactions', 'balance_transaction');
  });
}
