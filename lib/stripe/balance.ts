import type Stripe from 'stripe';
import { stripeCall } from './client';

// Balance transactions, as reconciliation reads them: Stripe's own money ledger, with the
// object behind each entry (charge, refund, dispute, payout) expanded in the same page.

/** One entry of Stripe's ledger in Bursar's terms. Amounts are integer minor units. */
export type StripeLedgerEntry = {
  id: string;
  type: string;
  /** Settlement: what moved in the account's currency, Stripe's fee and the net. */
  settlement: { amount: number; fee: number; net: number; currency: string; exchangeRate: number | null };
  created: Date;
  payoutId: string | null;
  source: StripeLedgerSource;
};

export type StripeLedgerSource =
  | {
      kind: 'charge';
      chargeId: string;
      paymentIntentId: string | null;
      /** Presentment: what the buyer was charged, in their currency. */
      amount: number;
      currency: string;
      amountRefunded: number;
      status: string;
      disputed: boolean;
    }
  | { kind: 'refund'; refundId: string; chargeId: string | null; paymentIntentId: string | null; amount: number; currency: string; status: string | null }
  | { kind: 'dispute'; disputeId: string; chargeId: string | null; paymentIntentId: string | null; amount: number; currency: string; status: string }
  | { kind: 'payout'; payoutId: string; amount: number; currency: string; status: string }
  | { kind: 'other'; id: string | null };

const idOf = (value: string | { id: string } | null | undefined): string | null => (value == null ? null : typeof value === 'string' ? value : value.id);

function sourceOf(source: Stripe.BalanceTransaction['source']): StripeLedgerSource {
  if (!source || typeof source === 'string') return { kind: 'other', id: source ?? null };
  switch (source.object) {
    case 'charge':
      return {
        kind: 'charge',
        chargeId: source.id,
        paymentIntentId: idOf(source.payment_intent),
        amount: source.amount,
        currency: source.currency,
        amountRefunded: source.amount_refunded,
        status: source.status,
        disputed: source.disputed,
      };
    case 'refund':
      return { kind: 'refund', refundId: source.id, chargeId: idOf(source.charge), paymentIntentId: idOf(source.payment_intent), amount: source.amount, currency: source.currency, status: source.status };
    case 'dispute':
      return { kind: 'dispute', disputeId: source.id, chargeId: idOf(source.charge), paymentIntentId: idOf(source.payment_intent), amount: source.amount, currency: source.currency, status: source.status };
    case 'payout':
      return { kind: 'payout', payoutId: source.id, amount: source.amount, currency: source.currency, status: source.status };
    default:
      return { kind: 'other', id: 'id' in source && typeof source.id === 'string' ? source.id : null };
  }
}

export function toLedgerEntry(txn: Stripe.BalanceTransaction): StripeLedgerEntry {
  const payout = (txn as { payout?: string | { id: string } | null }).payout;
  return {
    id: txn.id,
    type: txn.type,
    settlement: { amount: txn.amount, fee: txn.fee, net: txn.net, currency: txn.currency, exchangeRate: txn.exchange_rate ?? null },
    created: new Date(txn.created * 1000),
    payoutId: idOf(payout),
    source: sourceOf(txn.source),
  };
}

/**
 * Stripe's ledger for `[from, to)`, a page (up to 100 entries) at a time, in Stripe's order
 * (newest first): `onPage` sees every entry once. Each page is one budgeted request, so a long
 * period waits on the request budget instead of earning 429s.
 */
export async function listLedgerEntries(period: { from: Date; to: Date }, onPage: (entries: StripeLedgerEntry[]) => Promise<void>): Promise<number> {
  let startingAfter: string | undefined;
  let total = 0;
  for (;;) {
    const page = await stripeCall('balance_transaction.list', (stripe) =>
      stripe.balanceTransactions.list({
        created: { gte: Math.floor(period.from.getTime() / 1000), lt: Math.floor(period.to.getTime() / 1000) },
        limit: 100,
        expand: ['data.source'],
        ...(startingAfter ? { starting_after: startingAfter } : {}),
      }),
    );
    if (page.data.length === 0) return total;
    total += page.data.length;
    await onPage(page.data.map(toLedgerEntry));
    if (!page.has_more) return total;
    startingAfter = page.data.at(-1)!.id;
  }
}

/**
 * A charge as reconciliation re-checks it (a local payment Stripe's ledger did not list, or
 * after a re-sync), with its balance transaction's fee and net; null when Stripe has no such
 * charge.
 */
export async function findChargeForReconciliation(chargeId: string): Promise<{ source: StripeLedgerSource; settlement: { fee: number; net: number; currency: string } | null } | null> {
  try {
    const charge = await stripeCall('charge.retrieve', (stripe) => stripe.charges.retrieve(chargeId, { expand: ['balance_transaction'] }));
    const txn = typeof charge.balance_transaction === 'object' ? charge.balance_transaction : null;
    return { source: sourceOf(charge), settlement: txn ? { fee: txn.fee, net: txn.net, currency: txn.currency } : null };
  } catch (error) {
    if ((error as { kind?: string }).kind === 'not_found') return null;
    throw error;
  }
}

/** A refund, as above; null when Stripe has no such refund. */
export async function findRefundForReconciliation(refundId: string): Promise<StripeLedgerSource | null> {
  try {
    const refund = await stripeCall('refund.retrieve', (stripe) => stripe.refunds.retrieve(refundId));
    return sourceOf(refund);
  } catch (error) {
    if ((error as { kind?: string }).kind === 'not_found') return null;
    throw error;
  }
}

/**
 * The fees and net of every entry a payout paid out (its charges, refunds, disputes and fees;
 * not the payout's own entry), summed a page at a time: a payout of a busy day holds
 * thousands of entries, and none of them is kept.
 */
export async function sumPayoutEntries(payoutId: string): Promise<{ fees: number; net: number; entries: number }> {
  const sum = { fees: 0, net: 0, entries: 0 };
  let startingAfter: string | undefined;
  for (;;) {
    const page = await stripeCall('balance_transaction.list', (stripe) =>
      stripe.balanceTransactions.list({ payout: payoutId, limit: 100, ...(startingAfter ? { starting_after: startingAfter } : {}) }),
    );
    for (const txn of page.data) {
      if (txn.type === 'payout') continue;
      sum.fees += txn.fee;
      sum.net += txn.net;
      sum.entries += 1;
    }
    if (!page.has_more || page.data.length === 0) return sum;
    startingAfter = page.data.at(-1)!.id;
  }
}

/** A dispute, as above; null when Stripe has no such dispute. */
export async function findDisputeForReconciliation(disputeId: string): Promise<StripeLedgerSource | null> {
  try {
    const dispute = await stripeCall('dispute.retrieve', (stripe) => stripe.disputes.retrieve(disputeId));
    return sourceOf(dispute);
  } catch (error) {
    if ((error as { kind?: string }).kind === 'not_found') return null;
    throw error;
  }
}
