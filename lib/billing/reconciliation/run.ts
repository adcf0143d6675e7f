import type { Database } from '@/db/client';
import {
  findCheckoutSessionsOfIntents,
  findDisputesForLedger,
  findPaymentsForLedger,
  findRefundsForLedger,
  finishRun,
  forgetSeen,
  insertItems,
  listSettledPaymentsIn,
  listSucceededRefundsIn,
  type NewReconciliationItem,
  recordRunProgress,
  type ReconciliationRunRow,
  rememberSeen,
} from '@/db/queries/reconciliation-runs';
import { raiseAdminAlert } from '@/lib/alerts/alerts';
import { getMetrics } from '@/lib/ops/metrics';
import { findChargeForReconciliation, findRefundForReconciliation, listLedgerEntries, sumPayoutEntries, type StripeLedgerEntry } from '@/lib/stripe/balance';
import { compareDispute, comparePayment, compareRefund, type Difference, missingInStripe } from './compare';

export type RunProgress = {
  phase: 'stripe' | 'ledger' | 'payouts' | 'done';
  /** Stripe balance transactions listed so far. */
  stripeEntries: number;
  /** Local payments and refunds checked for a Stripe counterpart. */
  ledgerRows: number;
  differences: number;
  /** Local rows asked for one by one (capped at MAX_DIRECT_LOOKUPS). */
  directLookups?: number;
};

type SeenId = Parameters<typeof rememberSeen>[2][number];
type CurrencyTotals = { gross: number; fees: number; net: number; entries: number };
type PayoutSummary = { payoutId: string; currency: string; amount: number; fees: number; net: number; entries: number; balanced: boolean };
export type RunSummary = { settlement: Record<string, CurrencyTotals>; payouts: PayoutSummary[]; presentmentDiffers: number };

const LEDGER_CHUNK = 1000;
/**
 * Stripe's ledger is listed this far beyond each end of the period, only to know which
 * objects Stripe has: a payment recorded locally just inside the period may have been charged
 * just outside it (webhooks can arrive late), and is not missing.
 */
const MARGIN_MS = 24 * 60 * 60 * 1000;
/**
 * Local rows not in Stripe's ledger are asked for one by one, at most this many per run; the
 * rest are recorded as missing in Stripe unverified. A ledger Stripe mostly does not know (a
 * restored backup against another account, a test database) then costs 200 requests, not one
 * per row.
 */
export const MAX_DIRECT_LOOKUPS = 200;

const UNVERIFIED = `Not in Stripe's ledger for the period (±1 day); not asked for one by one (over the limit of ${MAX_DIRECT_LOOKUPS} lookups per run).`;

function toItem(runId: string, d: Difference & { note?: string }): NewReconciliationItem {
  return {
    note: d.note ?? null,
    runId,
    objectType: d.objectType,
    stripeObjectId: d.stripeObjectId,
    localId: d.localId,
    issue: d.issue,
    field: d.field,
    expected: d.expected ?? null,
    actual: d.actual ?? null,
    target: d.target as Record<string, unknown> | null,
  };
}

/**
 * Compares Stripe's ledger for the run's period with the local one, in three phases:
 *
 * 1. **Stripe → ledger.** Every balance transaction of the period, a page at a time with the
 *    object behind it (charge, refund, dispute, payout): missing locally, or amount, currency,
 *    refunded amount, status, fee or net different. One batched lookup per page.
 * 2. **Ledger → Stripe.** Every settled payment and succeeded refund created locally in the
 *    period that phase 1 did not see is asked for directly: gone → missing in Stripe;
 *    there (its balance transaction fell just outside the period) → compared as above.
 * 3. **Payouts.** For each payout of the period, the entries it paid out: fees, net, and
 *    whether they add up to the payout.
 *
 * Differences are stored as they are found and the progress after every page, so the admin
 * page shows a long run moving. Memory stays flat whatever the period: the charge and refund
 * ids phase 1 sees go to `reconciliation_seen` a page at a time, and phase 2 asks the database,
 * a page of the ledger at a time, which of its rows Stripe did not list (an anti-join), instead
 * of keeping a set of every id in the period. What is held is one page, the totals per
 * currency and the period's payouts (one a day or so). The run's seen rows are deleted when
 * it ends, failed or not.
 */
export async function executeReconciliationRun(db: Database, run: ReconciliationRunRow): Promise<{ checked: number; differences: number; summary: RunSummary }> {
  try {
    return await compareLedgers(db, run);
  } finally {
    await forgetSeen(db, [run.id]);
  }
}

async function compareLedgers(db: Database, run: ReconciliationRunRow): Promise<{ checked: number; differences: number; summary: RunSummary }> {
  const period = { from: run.windowStart ?? new Date(0), to: run.windowEnd ?? new Date() };
  const progress: RunProgress = { phase: 'stripe', stripeEntries: 0, ledgerRows: 0, differences: 0 };
  const summary: RunSummary = { settlement: {}, payouts: [], presentmentDiffers: 0 };
  const payouts: StripeLedgerEntry[] = [];
  const metrics = getMetrics();

  let lookups = 0;
  const inPeriod = (entry: StripeLedgerEntry) => entry.created >= period.from && entry.created < period.to;

  const record = async (differences: (Difference & { note?: string })[]) => {
    const inserted = await insertItems(db, differences.map((d) => toItem(run.id, d)));
    progress.differences += inserted;
    for (const d of differences) metrics.reconciliationDifferences.inc({ issue: d.issue });
  };

  await recordRunProgress(db, run.id, progress);
  await listLedgerEntries({ from: new Date(period.from.getTime() - MARGIN_MS), to: new Date(period.to.getTime() + MARGIN_MS) }, async (listed) => {
    const seen: SeenId[] = [];
    for (const { source } of listed) {
      if (source.kind === 'charge') seen.push({ kind: 'charge', stripeId: source.chargeId });
      if (source.kind === 'refund') seen.push({ kind: 'refund', stripeId: source.refundId });
    }
    await rememberSeen(db, run.id, seen);
    const entries = listed.filter(inPeriod);
    const charges = entries.flatMap((e) => (e.source.kind === 'charge' ? [{ entry: e, source: e.source }] : []));
    const refundSources = entries.flatMap((e) => (e.source.kind === 'refund' ? [e.source] : []));
    const disputeSources = entries.flatMap((e) => (e.source.kind === 'dispute' ? [e.source] : []));
    const intentIds = charges.map((c) => c.source.paymentIntentId).filter((id): id is string => id !== null);
    const [localPayments, sessions, localRefunds, localDisputes] = await Promise.all([
      findPaymentsForLedger(db, intentIds, charges.map((c) => c.source.chargeId)),
      findCheckoutSessionsOfIntents(db, intentIds),
      findRefundsForLedger(db, refundSources.map((r) => r.refundId)),
      findDisputesForLedger(db, [...new Set(disputeSources.map((d) => d.disputeId))]),
    ]);
    const differences: Difference[] = [];
    for (const { entry, source } of charges) {
      const local = localPayments.find((p) => p.stripeChargeId === source.chargeId || (source.paymentIntentId && p.stripePaymentIntentId === source.paymentIntentId)) ?? null;
      const session = sessions.find((s) => s.stripePaymentIntentId === source.paymentIntentId)?.stripeCheckoutSessionId ?? null;
      differences.push(...comparePayment(source, { fee: entry.settlement.fee, net: entry.settlement.net, currency: entry.settlement.currency }, local, session));
      if (entry.settlement.currency !== source.currency) summary.presentmentDiffers += 1;
    }
    for (const source of refundSources) {
      differences.push(...compareRefund(source, localRefunds.find((r) => r.stripeRefundId === source.refundId) ?? null));
    }
    // A dispute has two entries (withdrawal, reinstatement): compare it once per page.
    for (const source of new Map(disputeSources.map((d) => [d.disputeId, d])).values()) {
      differences.push(...compareDispute(source, localDisputes.find((d) => d.stripeDisputeId === source.disputeId) ?? null));
    }
    for (const entry of entries) {
      if (entry.source.kind === 'payout') {
        payouts.push(entry);
        continue;
      }
      const totals = (summary.settlement[entry.settlement.currency] ??= { gross: 0, fees: 0, net: 0, entries: 0 });
      totals.gross += entry.settlement.amount;
      totals.fees += entry.settlement.fee;
      totals.net += entry.settlement.net;
      totals.entries += 1;
    }
    await record(differences);
    progress.stripeEntries += entries.length;
    await recordRunProgress(db, run.id, progress);
  });

  progress.phase = 'ledger';
  await recordRunProgress(db, run.id, progress);
  for (let after: { createdAt: Date; id: string } | null = null; ; ) {
    const chunk = await listSettledPaymentsIn(db, run.id, period, after, LEDGER_CHUNK);
    const differences: (Difference & { note?: string })[] = [];
    for (const payment of chunk) {
      if (!payment.stripeChargeId || payment.seenInStripe) continue;
      const missing = { chargeId: payment.stripeChargeId, amount: payment.amount, currency: payment.currency };
      if (lookups >= MAX_DIRECT_LOOKUPS) {
        differences.push({ ...missingInStripe('payment', payment.stripePaymentIntentId, payment.id, missing), note: UNVERIFIED });
        continue;
      }
      lookups += 1;
      const charge = await findChargeForReconciliation(payment.stripeChargeId);
      if (!charge) differences.push(missingInStripe('payment', payment.stripePaymentIntentId, payment.id, missing));
      else if (charge.source.kind === 'charge') differences.push(...comparePayment(charge.source, charge.settlement, payment, null));
    }
    await record(differences);
    progress.ledgerRows += chunk.length;
    await recordRunProgress(db, run.id, progress);
    if (chunk.length < LEDGER_CHUNK) break;
    after = chunk.at(-1)!;
  }
  for (let after: { createdAt: Date; id: string } | null = null; ; ) {
    const chunk = await listSucceededRefundsIn(db, run.id, period, after, LEDGER_CHUNK);
    const differences: (Difference & { note?: string })[] = [];
    for (const refund of chunk) {
      if (!refund.stripeRefundId || refund.seenInStripe) continue;
      if (lookups >= MAX_DIRECT_LOOKUPS) {
        differences.push({ ...missingInStripe('refund', refund.stripeRefundId, refund.id, { amount: refund.amount, currency: refund.currency }), note: UNVERIFIED });
        continue;
      }
      lookups += 1;
      const found = await findRefundForReconciliation(refund.stripeRefundId);
      if (!found) differences.push(missingInStripe('refund', refund.stripeRefundId, refund.id, { amount: refund.amount, currency: refund.currency }));
      else if (found.kind === 'refund') differences.push(...compareRefund(found, refund));
    }
    await record(differences);
    progress.ledgerRows += chunk.length;
    await recordRunProgress(db, run.id, progress);
    if (chunk.length < LEDGER_CHUNK) break;
    after = chunk.at(-1)!;
  }

  progress.phase = 'payouts';
  await recordRunProgress(db, run.id, progress);
  for (const payout of payouts) {
    if (payout.source.kind !== 'payout') continue;
    const { fees, net, entries } = await sumPayoutEntries(payout.source.payoutId);
    const balanced = net === payout.source.amount;
    summary.payouts.push({ payoutId: payout.source.payoutId, currency: payout.source.currency, amount: payout.source.amount, fees, net, entries, balanced });
    if (!balanced) {
      await record([{ objectType: 'payout', stripeObjectId: payout.source.payoutId, localId: null, issue: 'mismatch', field: 'net', expected: payout.source.amount, actual: net, target: null }]);
    }
  }

  progress.phase = 'done';
  progress.directLookups = lookups;
  const checked = progress.stripeEntries + progress.ledgerRows;
  await db.transaction(async (tx) => {
    await finishRun(tx, run.id, { status: 'succeeded', checkedCount: checked, mismatchCount: progress.differences, summary, progress });
    // One alert per run, not per difference: a run can find thousands.
    if (progress.differences > 0) {
      await raiseAdminAlert(tx, {
        kind: 'reconciliation_difference',
        dedupeKey: `reconciliation:${run.id}`,
        title: `Reconciliation found ${progress.differences} difference${progress.differences === 1 ? '' : 's'} between Stripe and the ledger`,
        detail: `Period ${period.from.toISOString().slice(0, 10)} to ${new Date(period.to.getTime() - 1).toISOString().slice(0, 10)} (UTC). Re-sync what Stripe can explain; record why the rest is fine.`,
        href: `/admin/reconciliation/${run.id}`,
      });
    }
  });
  return { checked, differences: progress.differences, summary };
}
