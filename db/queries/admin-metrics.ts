import { sql } from 'drizzle-orm';
import type { Database } from '../client';
import { rowsOf } from '../rows';

// The admin overview's numbers, per currency, for a range [from, to). Definitions (whose they
// are and why) live in docs/metrics.md; the overview shows the same text in its tooltips.
// Sums are cast to float8 (exact to 2^53) so both drivers hand back numbers.

export type Range = { from: Date; to: Date };

/** A timestamp parameter both drivers accept (postgres.js takes no Date inside raw SQL). */
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
export type Bucket = 'day' | 'week' | 'month';

// Money numbers come from the daily rollups kept by the ledger's triggers (revenue_daily,
// payment_outcomes_daily; definitions in migration 0015_revenue_rollups and db/schema/metrics.ts):
// "captured" = succeeded, partially_refunded, refunded, disputed, charged_back; a refund takes
// money back unless it failed or was canceled.

export type CurrencyTotals = { currency: string; amount: number; count: number };

async function totals(db: Database, query: ReturnType<typeof sql>): Promise<CurrencyTotals[]> {
  return rowsOf<CurrencyTotals>(await db.execute(query)).map((r) => ({ currency: r.currency, amount: Number(r.amount), count: Number(r.count) }));
}

/**
 * The range as UTC days for the daily rollups: [first day, day after the last). Overview
 * ranges always start and end at UTC midnight (lib/admin/date-range.ts), so the days cover
 * exactly the range.
 */
const days = (r: Range) => sql`day >= (${ts(r.from)} at time zone 'UTC')::date and day < (${ts(r.to)} at time zone 'UTC')::date`;

/** Captured payments whose success falls in the range (rollup: revenue_daily.gross_*). */
export function sumGrossRevenue(db: Database, r: Range) {
  return totals(db, sql`select currency, sum(gross_amount)::float8 as amount, sum(gross_count)::int as count from revenue_daily
    where ${days(r)} group by currency having sum(gross_count) <> 0`);
}

/** Refunds created in the range that were not failed or canceled (rollup: revenue_daily.refund_*). */
export function sumRefunds(db: Database, r: Range) {
  return totals(db, sql`select currency, sum(refund_amount)::float8 as amount, sum(refund_count)::int as count from revenue_daily
    where ${days(r)} group by currency having sum(refund_count) <> 0`);
}

/** Disputes closed as lost in the range, the disputed amount (rollup: revenue_daily.disputes_lost_*). */
export function sumDisputesLost(db: Database, r: Range) {
  return totals(db, sql`select currency, sum(disputes_lost_amount)::float8 as amount, sum(disputes_lost_count)::int as count from revenue_daily
    where ${days(r)} group by currency having sum(disputes_lost_count) <> 0`);
}

/** Disputes opened in the range, for the dispute rate (rollup: revenue_daily.disputes_opened_*). */
export function countDisputesOpened(db: Database, r: Range) {
  return totals(db, sql`select currency, sum(disputes_opened_amount)::float8 as amount, sum(disputes_opened_count)::int as count from revenue_daily
    where ${days(r)} group by currency having sum(disputes_opened_count) <> 0`);
}

/** Learners whose first captured payment ever falls in the range, by that payment's currency (rollup kept by the payment sync). */
export function countNewCustomers(db: Database, r: Range) {
  return totals(db, sql`select currency, 0::float8 as amount, count(*)::int as count from customer_first_payments
    where first_paid_at >= ${ts(r.from)} and first_paid_at < ${ts(r.to)} group by currency`);
}

export type OutcomeCount = { currency: string; outcome: string; count: number; amount: number };

/** Payments created in the range by their current status (rollup: payment_outcomes_daily). */
export async function countPaymentsByStatus(db: Database, r: Range): Promise<OutcomeCount[]> {
  const rows = rowsOf<OutcomeCount>(
    await db.execute(sql`select currency, status as outcome, sum(count)::int as count, sum(amount)::float8 as amount from payment_outcomes_daily
      where ${days(r)} group by currency, status having sum(count) <> 0 order by currency, count desc`),
  );
  return rows.map((row) => ({ ...row, count: Number(row.count), amount: Number(row.amount) }));
}

export type RecoveryCounts = { currency: string; failed: number; recovered: number; recoveredAmount: number };

/**
 * Invoices created in the range whose payment failed at least once, and how many of them were
 * then paid (Stripe's "recovered" payments). A paid invoice with one attempt never failed.
 */
export async function countFailedPaymentRecovery(db: Database, r: Range): Promise<RecoveryCounts[]> {
  const rows = rowsOf<RecoveryCounts>(
    await db.execute(sql`select currency,
        count(*)::int as failed,
        count(*) filter (where status = 'paid')::int as recovered,
        coalesce(sum(amount_paid) filter (where status = 'paid'), 0)::float8 as "recoveredAmount"
      from invoices
      where created_at >= ${ts(r.from)} and created_at < ${ts(r.to)} and total > 0
        and ((status = 'paid' and attempt_count >= 2) or (status in ('open', 'uncollectible', 'void') and attempt_count >= 1))
      group by currency`),
  );
  return rows.map((row) => ({ currency: row.currency, failed: Number(row.failed), recovered: Number(row.recovered), recoveredAmount: Number(row.recoveredAmount) }));
}

export type MrrSnapshot = { currency: string; mrr: number; subscribers: number };

/**
 * MRR and paying customers (MRR > 0) per currency at a UTC midnight (rollup: mrr_daily, the
 * days before it). Paying customers change by one exactly at a new, reactivation or churn
 * movement, since kinds are decided per customer.
 */
export async function mrrAt(db: Database, at: Date): Promise<MrrSnapshot[]> {
  const rows = rowsOf<MrrSnapshot>(
    await db.execute(sql`select currency, sum(delta)::float8 as mrr, sum(subscribers)::int as subscribers from mrr_daily
      where day < (${ts(at)} at time zone 'UTC')::date group by currency`),
  );
  return rows.map((row) => ({ currency: row.currency, mrr: Number(row.mrr), subscribers: Number(row.subscribers) }));
}

export type MovementTotals = { currency: string; kind: string; amount: number; customers: number };

/** MRR movements effective in the range, by kind (new, expansion, contraction, churn, reactivation). */
export async function sumMrrMovements(db: Database, r: Range): Promise<MovementTotals[]> {
  const rows = rowsOf<MovementTotals>(
    await db.execute(sql`select currency, kind, sum(delta)::float8 as amount, count(distinct user_id)::int as customers from mrr_movements
      where effective_at >= ${ts(r.from)} and effective_at < ${ts(r.to)} group by currency, kind`),
  );
  return rows.map((row) => ({ currency: row.currency, kind: row.kind, amount: Number(row.amount), customers: Number(row.customers) }));
}

export type SeriesRow = { currency: string; bucket: string; value: number };

const bucketSql = (bucket: Bucket) => sql.raw(`'${bucket}'`);

/** Net revenue (captured − refunds − disputes lost) per bucket and currency, in UTC (rollup: revenue_daily). */
export async function netRevenueSeries(db: Database, r: Range, bucket: Bucket): Promise<SeriesRow[]> {
  const b = bucketSql(bucket);
  const rows = rowsOf<SeriesRow>(
    await db.execute(sql`select currency, to_char(date_trunc(${b}, day::timestamp), 'YYYY-MM-DD') as bucket,
        sum(gross_amount - refund_amount - disputes_lost_amount)::float8 as value
      from revenue_daily where ${days(r)} and (gross_count <> 0 or refund_count <> 0 or disputes_lost_count <> 0)
      group by currency, date_trunc(${b}, day::timestamp) order by currency, date_trunc(${b}, day::timestamp)`),
  );
  return rows.map((row) => ({ ...row, value: Number(row.value) }));
}

/** MRR at the end of each bucket, per currency (baseline before the range + running sum; rollup: mrr_daily). */
export async function mrrSeries(db: Database, r: Range, bucket: Bucket): Promise<SeriesRow[]> {
  const b = bucketSql(bucket);
  const rows = rowsOf<SeriesRow>(
    await db.execute(sql`with cur as (select distinct currency from mrr_daily),
      base as (select currency, coalesce(sum(delta), 0) as v from mrr_daily where day < (${ts(r.from)} at time zone 'UTC')::date group by currency),
      buckets as (select generate_series(date_trunc(${b}, ${ts(r.from)} at time zone 'UTC'), ${ts(r.to)} at time zone 'UTC' - interval '1 microsecond', ('1 ' || ${b})::interval) as day),
      moves as (select currency, date_trunc(${b}, day::timestamp) as day, sum(delta) as v from mrr_daily
        where ${days(r)} group by 1, 2)
      select cur.currency, to_char(buckets.day, 'YYYY-MM-DD') as bucket,
        (coalesce((select v from base where base.currency = cur.currency), 0)
          + sum(coalesce(moves.v, 0)) over (partition by cur.currency order by buckets.day))::float8 as value
      from cur cross join buckets left join moves on moves.currency = cur.currency and moves.day = buckets.day
      order by cur.currency, buckets.day`),
  );
  return rows.map((row) => ({ ...row, value: Number(row.value) }));
}

export type OpenDispute = { id: string; stripeDisputeId: string; amount: number; currency: string; reason: string; status: string; evidenceDueBy: Date | null; secondsLeft: number | null; email: string | null };

/** Disputes waiting for our response, soonest deadline first. */
export async function listDisputesNeedingResponse(db: Database, limit = 10): Promise<{ rows: OpenDispute[]; total: number }> {
  const rows = rowsOf<OpenDispute & { total: number }>(
    await db.execute(sql`select d.id, d.stripe_dispute_id as "stripeDisputeId", d.amount, d.currency, d.reason, d.status,
        d.evidence_due_by as "evidenceDueBy", extract(epoch from d.evidence_due_by - now())::float8 as "secondsLeft", u.email, count(*) over ()::int as total
      from disputes d left join payments p on p.id = d.payment_id left join users u on u.id = p.user_id
      where d.status in ('needs_response', 'warning_needs_response')
      order by d.evidence_due_by asc nulls last limit ${limit}`),
  );
  return { rows: rows.map((r) => ({ ...r, evidenceDueBy: r.evidenceDueBy ? new Date(r.evidenceDueBy) : null, secondsLeft: r.secondsLeft === null ? null : Number(r.secondsLeft) })), total: Number(rows[0]?.total ?? 0) };
}

export type DunningInvoice = { id: string; stripeInvoiceId: string; number: string | null; amountDue: number; currency: string; attemptCount: number; nextPaymentAttempt: Date | null; email: string | null; stripeSubscriptionId: string | null };

/** Open invoices whose payment failed and Stripe is still retrying (Smart Retries / dunning). */
export async function listInvoicesInDunning(db: Database, limit = 10): Promise<{ rows: DunningInvoice[]; total: number }> {
  const rows = rowsOf<DunningInvoice & { total: number }>(
    await db.execute(sql`select i.id, i.stripe_invoice_id as "stripeInvoiceId", i.number, i.amount_due as "amountDue", i.currency,
        i.attempt_count as "attemptCount", i.next_payment_attempt as "nextPaymentAttempt", u.email,
        i.stripe_subscription_id as "stripeSubscriptionId", count(*) over ()::int as total
      from invoices i left join users u on u.id = i.user_id
      where i.status = 'open' and i.attempt_count >= 1
      order by i.next_payment_attempt asc nulls last limit ${limit}`),
  );
  return { rows: rows.map((r) => ({ ...r, nextPaymentAttempt: r.nextPaymentAttempt ? new Date(r.nextPaymentAttempt) : null })), total: Number(rows[0]?.total ?? 0) };
}

export type DeadEvent = { id: string; type: string; attempts: number; lastError: string | null; receivedAt: Date };

/** Webhook events that exhausted their retries (the dead letter). */
export async function listDeadEvents(db: Database, limit = 5): Promise<{ rows: DeadEvent[]; total: number }> {
  const rows = rowsOf<DeadEvent & { total: number }>(
    await db.execute(sql`select id, type, attempts, last_error as "lastError", received_at as "receivedAt", count(*) over ()::int as total
      from stripe_events where status = 'dead' order by received_at desc limit ${limit}`),
  );
  return { rows: rows.map((r) => ({ ...r, receivedAt: new Date(r.receivedAt) })), total: Number(rows[0]?.total ?? 0) };
}
