import type Stripe from 'stripe';
import { invalidRequest } from '../core/errors';
import { changedAttributes } from '../core/events';
import { newId } from '../core/ids';
import { clone, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import type { Wire } from '../core/wire';
import { recordBalanceTransaction } from './balance';
import type { BalanceTransactionObject } from './objects';

export type PayoutObject = Wire<Stripe.Payout>;

const DAY_S = 86_400;
/** Sandbox-only facts: when the daily schedule last ran, and which payout swept each balance transaction. */
const SCHEDULE = 'payout_schedule';
export const PAID_OUT = 'payout_of';
/** The account's one external bank account (Stripe test-mode payouts go to it). */
export const PAYOUT_DESTINATION = 'ba_sandbox_default';
/** Standard payouts arrive the next day in the sandbox (US: typically 1–2 business days). */
const ARRIVAL_S = DAY_S;

const dayStart = (t: number) => Math.floor(t / DAY_S) * DAY_S;

/** Balance transactions not yet swept into a payout, oldest availability first. */
function unswept(sandbox: Sandbox): BalanceTransactionObject[] {
  const paidOut = sandbox.store.internal<string>(PAID_OUT);
  return sandbox.store
    .all<BalanceTransactionObject>('balance_transaction')
    .filter((t) => t.type !== 'payout' && paidOut[t.id] === undefined)
    .sort((a, b) => a.available_on - b.available_on || a.created - b.created);
}

/**
 * Pays out, per currency, the net of every swept transaction available at `at`. A currency
 * whose available net is zero or negative is carried to the next day (Stripe does not pay
 * out a negative balance). Returns the payouts created.
 */
function sweep(sandbox: Sandbox, at: number, available: BalanceTransactionObject[]): PayoutObject[] {
  const byCurrency = new Map<string, BalanceTransactionObject[]>();
  for (const t of available) byCurrency.set(t.currency, [...(byCurrency.get(t.currency) ?? []), t]);
  const created: PayoutObject[] = [];
  for (const [currency, txns] of [...byCurrency.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const amount = txns.reduce((sum, t) => sum + t.net, 0);
    if (amount <= 0) continue;
    created.push(sandbox.clock.at(at, () => createPayout(sandbox, currency, amount, txns)));
  }
  return created;
}

function createPayout(sandbox: Sandbox, currency: string, amount: number, txns: BalanceTransactionObject[]): PayoutObject {
  const id = newId('po');
  const now = sandbox.clock.now();
  const txn = recordBalanceTransaction(sandbox, {
    type: 'payout',
    amount: -amount,
    currency,
    source: id,
    description: 'STRIPE PAYOUT',
    availableOn: now,
  });
  const payout = {
    id,
    object: 'payout',
    amount,
    application_fee: null,
    application_fee_amount: null,
    arrival_date: now + ARRIVAL_S,
    automatic: true,
    balance_transaction: txn.id,
    created: now,
    currency,
    description: 'STRIPE PAYOUT',
    destination: PAYOUT_DESTINATION,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    livemode: false,
    metadata: {},
    method: 'standard',
    original_payout: null,
    payout_method: null,
    reconciliation_status: 'completed',
    reversed_by: null,
    source_type: 'card',
    statement_descriptor: null,
    status: 'in_transit',
    trace_id: { status: 'pending', value: null },
    type: 'bank_account',
  } satisfies PayoutObject;
  save(sandbox, payout);
  const paidOut = sandbox.store.internal<string>(PAID_OUT);
  for (const t of txns) paidOut[t.id] = id;
  paidOut[txn.id] = id;
  sandbox.store.touch();
  sandbox.events.emit('payout.created', payout);
  return payout;
}

function markPaid(sandbox: Sandbox, payout: PayoutObject): void {
  const before = clone(payout);
  payout.status = 'paid';
  payout.trace_id = { status: 'unsupported', value: null };
  save(sandbox, payout);
  sandbox.clock.at(payout.arrival_date, () => sandbox.events.emit('payout.paid', payout, changedAttributes(before, payout)));
}

/**
 * The automatic daily schedule, played up to `now` (sandbox time): at each midnight UTC the
 * funds that became available are paid out; payouts arrive (`paid`) a day later. The
 * schedule starts on the day the first money moved.
 */
export function runPayoutSchedule(sandbox: Sandbox, now: number): void {
  const { store } = sandbox;
  const schedule = store.internal<number>(SCHEDULE);
  let last = schedule.last_run;
  if (last === undefined) {
    const first = unswept(sandbox).reduce((min, t) => Math.min(min, t.created), Infinity);
    if (first === Infinity) return;
    last = dayStart(first);
  }
  const today = dayStart(now);
  if (today > last) {
    const pending = unswept(sandbox);
    let i = 0;
    let carry: BalanceTransactionObject[] = [];
    let day = last + DAY_S;
    while (day <= today && i < pending.length) {
      const nextAvailable = pending[i]!.available_on;
      if (nextAvailable > day && carry.length === 0) day = Math.max(day, Math.ceil(nextAvailable / DAY_S) * DAY_S);
      if (day > today) break;
      const batch = [...carry];
      while (i < pending.length && pending[i]!.available_on <= day) batch.push(pending[i++]!);
      const paid = new Set(sweep(sandbox, day, batch).map((p) => p.currency));
      carry = batch.filter((t) => !paid.has(t.currency));
      day += DAY_S;
    }
    store.setInternal(SCHEDULE, 'last_run', today);
  } else if (schedule.last_run === undefined) {
    store.setInternal(SCHEDULE, 'last_run', last);
  }
  for (const payout of store.all<PayoutObject>('payout')) {
    if ((payout.status === 'in_transit' || payout.status === 'pending') && payout.arrival_date <= now) markPaid(sandbox, payout);
  }
}

/** Control API: pay out everything available now, without waiting for midnight. */
export function payOutNow(sandbox: Sandbox): PayoutObject[] {
  const now = sandbox.clock.now();
  return sweep(sandbox, now, unswept(sandbox).filter((t) => t.available_on <= now));
}

/** Control API: the bank returns a payout; the funds come back to the available balance. */
export function failPayout(sandbox: Sandbox, payout: PayoutObject, code = 'account_closed'): PayoutObject {
  if (payout.status === 'failed' || payout.status === 'canceled') {
    throw invalidRequest(`Payout ${payout.id} is already ${payout.status}.`);
  }
  const messages: Record<string, string> = {
    account_closed: 'The bank account has been closed.',
    no_account: 'The bank account details on file are probably incorrect. No bank account could be located with those details.',
    insufficient_funds: 'Your Stripe account has insufficient funds to cover the payout.',
    invalid_account_number: 'The routing number seems correct, but the account number is invalid.',
    could_not_process: 'The bank could not process this payout.',
  };
  const before = clone(payout);
  const failure = recordBalanceTransaction(sandbox, {
    type: 'payout_failure',
    amount: payout.amount,
    currency: payout.currency,
    source: payout.id,
    description: 'STRIPE PAYOUT FAILURE',
    availableOn: sandbox.clock.now(),
    reportingCategory: 'payout_reversal',
  });
  Object.assign(payout, {
    status: 'failed',
    failure_code: code,
    failure_message: messages[code] ?? 'The payout failed.',
    failure_balance_transaction: failure.id,
  });
  save(sandbox, payout);
  sandbox.events.emit('payout.failed', payout, changedAttributes(before, payout));
  return payout;
}
