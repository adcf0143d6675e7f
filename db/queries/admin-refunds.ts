import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Keyset, PageDirection } from '@/lib/admin/keyset';
import type { RefundFilters } from '@/lib/admin/refund-filters';
import type { Database } from '../client';
import { payments, refunds, users } from '../schema';

export type AdminRefundRow = {
  id: string;
  createdAt: Date;
  stripeRefundId: string | null;
  amount: number;
  currency: string;
  status: string;
  reason: string | null;
  failureReason: string | null;
  revokeAccess: boolean;
  paymentId: string;
  paymentAmount: number;
  stripePaymentIntentId: string;
  email: string | null;
  name: string | null;
  requestedByEmail: string | null;
};

const learner = sql`learner`;
const requester = sql`requester`;

/** The WHERE of the refunds list. A search is one indexed lookup: a Stripe id, or the learners with that email. */
function whereOf(filters: RefundFilters): SQL | undefined {
  const parts: Array<SQL | undefined> = [];
  if (filters.status) parts.push(eq(refunds.status, filters.status));
  if (filters.currency) parts.push(eq(refunds.currency, filters.currency));
  if (filters.origin === 'dashboard') parts.push(sql`${refunds.requestedByUserId} is not null`);
  else if (filters.origin === 'stripe') parts.push(sql`${refunds.requestedByUserId} is null`);
  if (filters.from) parts.push(gte(refunds.createdAt, filters.from));
  if (filters.to) parts.push(lt(refunds.createdAt, filters.to));
  const q = filters.q?.trim();
  if (q) {
    if (/^(re|pyr)_[A-Za-z0-9_]+$/.test(q)) parts.push(eq(refunds.stripeRefundId, q));
    else if (/^pi_[A-Za-z0-9_]+$/.test(q)) parts.push(inArray(refunds.paymentId, sql`(select ${payments.id} from ${payments} where ${payments.stripePaymentIntentId} = ${q})`));
    else if (/^ch_[A-Za-z0-9_]+$/.test(q)) parts.push(inArray(refunds.paymentId, sql`(select ${payments.id} from ${payments} where ${payments.stripeChargeId} = ${q})`));
    else {
      // An email (or its start): the learner's payments, then their refunds.
      const pattern = q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`) + (q.includes('@') && /\.[a-z]{2,}$/i.test(q) ? '' : '%');
      parts.push(
        inArray(
          refunds.paymentId,
          sql`(select ${payments.id} from ${payments} where ${payments.userId} in (select ${users.id} from ${users} where ${users.email} like ${pattern} limit 200))`,
        ),
      );
    }
  }
  return parts.length ? and(...parts) : undefined;
}

const ts = (d: string) => sql`${d}::timestamptz`;

/** One page of refunds, newest first, seeking from a cursor (never OFFSET); fetches limit + 1. */
export async function listAdminRefunds(db: Database, filters: RefundFilters, page: { keyset: Keyset | null; direction: PageDirection; limit: number }): Promise<AdminRefundRow[]> {
  const seek = page.keyset
    ? page.direction === 'after'
      ? sql`(${refunds.createdAt}, ${refunds.id}) < (${ts(page.keyset.sort)}, ${page.keyset.id}::uuid)`
      : sql`(${refunds.createdAt}, ${refunds.id}) > (${ts(page.keyset.sort)}, ${page.keyset.id}::uuid)`
    : undefined;
  const order = page.direction === 'after' ? [desc(refunds.createdAt), desc(refunds.id)] : [asc(refunds.createdAt), asc(refunds.id)];
  const rows = await db
    .select({
      id: refunds.id,
      createdAt: refunds.createdAt,
      stripeRefundId: refunds.stripeRefundId,
      amount: refunds.amount,
      currency: refunds.currency,
      status: refunds.status,
      reason: refunds.reason,
      failureReason: refunds.failureReason,
      revokeAccess: refunds.revokeAccess,
      paymentId: refunds.paymentId,
      paymentAmount: payments.amount,
      stripePaymentIntentId: payments.stripePaymentIntentId,
      email: sql<string | null>`${learner}.email`,
      name: sql<string | null>`${learner}.name`,
      requestedByEmail: sql<string | null>`${requester}.email`,
    })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .leftJoin(sql`${users} as ${learner}`, sql`${learner}.id = ${payments.userId}`)
    .leftJoin(sql`${users} as ${requester}`, sql`${requester}.id = ${refunds.requestedByUserId}`)
    .where(and(whereOf(filters), seek))
    .orderBy(...order)
    .limit(page.limit + 1);
  return rows;
}

/** Failed refunds in the last 90 days: money the learner was promised and did not get. */
export async function countRecentFailedRefunds(db: Database, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - 90 * 86_400_000);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(refunds)
    .where(and(eq(refunds.status, 'failed'), gte(refunds.createdAt, since)));
  return Number(row?.n ?? 0);
}

/** Currencies refunds exist in (for the filter), from the prices the store sells in. */
export async function listRefundCurrencies(db: Database): Promise<string[]> {
  const result: unknown = await db.execute(sql`select distinct currency from prices order by currency`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ currency: string }>;
  return rows.map((r) => r.currency);
}
