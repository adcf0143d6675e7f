import 'server-only';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { customers, paymentMethods, plans, prices, subscriptions } from '@/db/schema';

export type SubscriptionView = {
  subscription: typeof subscriptions.$inferSelect;
  planName: string;
  price: { unitAmount: number; currency: string; interval: 'month' | 'year' | null } | null;
  /** The same plan at the other interval, when the learner may switch to it. */
  switchTo: { interval: 'month' | 'year'; unitAmount: number; currency: string } | null;
  paymentMethod: { type: string; brand: string | null; last4: string | null; expMonth: number | null; expYear: number | null } | null;
  hasBillingAccount: boolean;
};

const ENDED = new Set(['canceled', 'incomplete_expired']);

/**
 * The learner's subscription for the page, scoped by user: the newest one still running,
 * else the newest that ended (so "ended on …" is shown instead of an empty page).
 */
export async function loadSubscriptionView(db: Database, userId: string): Promise<SubscriptionView | null> {
  const rows = await db
    .select({ subscription: subscriptions, plan: plans, price: prices })
    .from(subscriptions)
    .leftJoin(plans, eq(plans.id, subscriptions.planId))
    .leftJoin(prices, eq(prices.id, subscriptions.priceId))
    .where(eq(subscriptions.userId, userId))
    .orderBy(desc(subscriptions.createdAt));
  const chosen = rows.find((r) => !ENDED.has(r.subscription.status)) ?? rows[0];
  if (!chosen) return null;
  const { subscription, plan, price } = chosen;

  const other = price?.interval === 'month' ? 'year' : price?.interval === 'year' ? 'month' : null;
  const [alternative] =
    plan && price && other
      ? await db
          .select()
          .from(prices)
          .where(and(eq(prices.planId, plan.id), eq(prices.currency, price.currency), eq(prices.interval, other), eq(prices.active, true)))
          .limit(1)
      : [];
  const [method] = await db
    .select()
    .from(paymentMethods)
    .where(and(eq(paymentMethods.userId, userId), isNull(paymentMethods.detachedAt)))
    .orderBy(desc(paymentMethods.isDefault), desc(paymentMethods.createdAt))
    .limit(1);
  const hasBillingAccount = (await db.$count(customers, eq(customers.userId, userId))) > 0;

  return {
    subscription,
    planName: plan?.name ?? 'Subscription',
    price: price ? { unitAmount: price.unitAmount, currency: price.currency, interval: price.interval } : null,
    switchTo: alternative && other ? { interval: other, unitAmount: alternative.unitAmount, currency: alternative.currency } : null,
    paymentMethod: method ? { type: method.type, brand: method.brand, last4: method.last4, expMonth: method.expMonth, expYear: method.expYear } : null,
    hasBillingAccount,
  };
}
