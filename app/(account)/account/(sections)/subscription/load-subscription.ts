import 'server-only';
import type { Database } from '@/db/client';
import { findCurrentPaymentMethodForUser, listSubscriptionsWithPlanForUser } from '@/db/queries/account';
import { findPlanPriceAtInterval } from '@/db/queries/catalog';
import { findCustomerCredit, findStripeCustomerIdOfUser } from '@/db/queries/customers';
import type { SubscriptionRow } from '@/db/queries/subscriptions';

export type SubscriptionView = {
  subscription: SubscriptionRow;
  planName: string;
  price: { unitAmount: number; currency: string; interval: 'month' | 'year' | null } | null;
  /** The same plan at the other interval, when the learner may switch to it. */
  switchTo: { interval: 'month' | 'year'; unitAmount: number; currency: string } | null;
  paymentMethod: { type: string; brand: string | null; last4: string | null; expMonth: number | null; expYear: number | null } | null;
  hasBillingAccount: boolean;
  /** Credit on the learner's Stripe balance (e.g. from a downgrade), which pays the next invoices first. */
  credit: { amount: number; currency: string } | null;
};

const ENDED = new Set(['canceled', 'incomplete_expired']);

/**
 * The learner's subscription for the page, scoped by user: the newest one still running,
 * else the newest that ended (so "ended on …" is shown instead of an empty page).
 */
export async function loadSubscriptionView(db: Database, userId: string): Promise<SubscriptionView | null> {
  const rows = await listSubscriptionsWithPlanForUser(db, userId);
  const chosen = rows.find((r) => !ENDED.has(r.subscription.status)) ?? rows[0];
  if (!chosen) return null;
  const { subscription, plan, price } = chosen;

  const other = price?.interval === 'month' ? 'year' : price?.interval === 'year' ? 'month' : null;
  // An active price of the same plan and currency at the other interval (prices.plan_id is a
  // foreign key, so the join to plans inside the query drops nothing).
  const alternative =
    plan && price && other ? ((await findPlanPriceAtInterval(db, { planId: plan.id, currency: price.currency, interval: other }))?.price ?? null) : null;
  const method = await findCurrentPaymentMethodForUser(db, userId);
  // customers.user_id is unique and stripe_customer_id not null: a row exists iff an id comes back.
  const hasBillingAccount = (await findStripeCustomerIdOfUser(db, userId)) !== null;
  const credit = await findCustomerCredit(db, userId);

  return {
    subscription,
    planName: plan?.name ?? 'Subscription',
    price: price ? { unitAmount: price.unitAmount, currency: price.currency, interval: price.interval } : null,
    switchTo: alternative && other ? { interval: other, unitAmount: alternative.unitAmount, currency: alternative.currency } : null,
    paymentMethod: method ? { type: method.type, brand: method.brand, last4: method.last4, expMonth: method.expMonth, expYear: method.expYear } : null,
    hasBillingAccount,
    credit,
  };
}
