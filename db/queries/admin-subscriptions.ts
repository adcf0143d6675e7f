import { and, desc, eq, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { invoices, plans, prices, subscriptions, users } from '../schema';
import type { SubscriptionStatus } from '../schema/enums';

// Reads behind the admin's Subscriptions pages. Writes go through Stripe and come back by webhook.

/**
 * The list's order: money at risk first (past due, then unpaid), then the rest. The rank is
 * part of the keyset, so pages stay stable however many subscriptions there are.
 */
const rank = sql<number>`(case ${subscriptions.status} when 'past_due' then 0 when 'unpaid' then 1 when 'incomplete' then 2 when 'trialing' then 3 when 'active' then 3 when 'paused' then 4 else 5 end)`;

export type SubscriptionCursor = { rank: number; createdAt: Date; id: string };

export async function listSubscriptionsForAdmin(
  db: Database,
  params: { status?: SubscriptionStatus; cursor: SubscriptionCursor | null; direction: 'after' | 'before'; limit: number },
) {
  const { cursor, direction } = params;
  let seek: SQL | undefined;
  if (cursor) {
    const at = cursor.createdAt.toISOString();
    seek =
      direction === 'after'
        ? or(sql`${rank} > ${cursor.rank}`, and(sql`${rank} = ${cursor.rank}`, sql`(${subscriptions.createdAt}, ${subscriptions.id}) < (${at}::timestamptz, ${cursor.id}::uuid)`))
        : or(sql`${rank} < ${cursor.rank}`, and(sql`${rank} = ${cursor.rank}`, sql`(${subscriptions.createdAt}, ${subscriptions.id}) > (${at}::timestamptz, ${cursor.id}::uuid)`));
  }
  const order = direction === 'after' ? [sql`${rank} asc`, desc(subscriptions.createdAt), desc(subscriptions.id)] : [sql`${rank} desc`, sql`${subscriptions.createdAt} asc`, sql`${subscriptions.id} asc`];
  return db
    .select({
      id: subscriptions.id,
      rank,
      status: subscriptions.status,
      createdAt: subscriptions.createdAt,
      currentPeriodEnd: subscriptions.currentPeriodEnd,
      cancelAtPeriodEnd: subscriptions.cancelAtPeriodEnd,
      dunningStage: subscriptions.dunningStage,
      learnerId: users.id,
      learnerEmail: users.email,
      learnerName: users.name,
      planName: plans.name,
      unitAmount: prices.unitAmount,
      currency: prices.currency,
      interval: prices.interval,
    })
    .from(subscriptions)
    .innerJoin(users, eq(users.id, subscriptions.userId))
    .leftJoin(plans, eq(plans.id, subscriptions.planId))
    .leftJoin(prices, eq(prices.id, subscriptions.priceId))
    .where(and(params.status ? eq(subscriptions.status, params.status) : undefined, seek))
    .orderBy(...order)
    .limit(params.limit + 1);
}

export type AdminSubscriptionRow = Awaited<ReturnType<typeof listSubscriptionsForAdmin>>[number];

/** Subscriptions per status (for the filter's counts). */
export async function countSubscriptionsByStatus(db: Database): Promise<Map<string, number>> {
  const rows = await db.select({ status: subscriptions.status, n: sql<number>`count(*)::int` }).from(subscriptions).groupBy(subscriptions.status);
  return new Map(rows.map((r) => [r.status, r.n]));
}

/** One subscription with its learner, plan and price. */
export async function findSubscriptionForAdmin(db: Database, id: string) {
  const [row] = await db
    .select({
      subscription: subscriptions,
      learner: { id: users.id, email: users.email, name: users.name },
      plan: { name: plans.name },
      price: { unitAmount: prices.unitAmount, currency: prices.currency, interval: prices.interval },
    })
    .from(subscriptions)
    .innerJoin(users, eq(users.id, subscriptions.userId))
    .leftJoin(plans, eq(plans.id, subscriptions.planId))
    .leftJoin(prices, eq(prices.id, subscriptions.priceId))
    .where(eq(subscriptions.id, id));
  return row ?? null;
}

export type AdminSubscription = NonNullable<Awaited<ReturnType<typeof findSubscriptionForAdmin>>>;

/** A subscription's invoices, newest first (by Stripe id too: invoice events can come first). */
export async function listSubscriptionInvoicesForAdmin(db: Database, subscription: { id: string; stripeSubscriptionId: string }, limit = 50) {
  return db
    .select({
      id: invoices.id,
      stripeInvoiceId: invoices.stripeInvoiceId,
      number: invoices.number,
      status: invoices.status,
      total: invoices.total,
      amountDue: invoices.amountDue,
      amountPaid: invoices.amountPaid,
      currency: invoices.currency,
      billingReason: invoices.billingReason,
      attemptCount: invoices.attemptCount,
      nextPaymentAttempt: invoices.nextPaymentAttempt,
      hostedInvoiceUrl: invoices.hostedInvoiceUrl,
      periodStart: invoices.periodStart,
      periodEnd: invoices.periodEnd,
      paidAt: invoices.paidAt,
      createdAt: invoices.createdAt,
    })
    .from(invoices)
    .where(or(eq(invoices.subscriptionId, subscription.id), eq(invoices.stripeSubscriptionId, subscription.stripeSubscriptionId)))
    .orderBy(desc(invoices.createdAt), desc(invoices.id))
    .limit(limit);
}

export type AdminInvoiceRow = Awaited<ReturnType<typeof listSubscriptionInvoicesForAdmin>>[number];
