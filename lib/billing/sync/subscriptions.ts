import { eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { findCustomerByStripeId, findPriceByStripeId } from '@/db/queries/billing';
import { subscriptions } from '@/db/schema';
import { subscriptionStatuses, type SubscriptionStatus } from '@/db/schema/enums';
import { getStripe } from '@/lib/stripe/client';
import { fromUnix, idOf } from './ids';

/** A Stripe object for a customer we never created: not ours to mirror. */
export class UnknownStripeCustomerError extends Error {
  constructor(readonly stripeCustomerId: string | null) {
    super(`no local customer for Stripe customer ${stripeCustomerId ?? '(none)'}`);
    this.name = 'UnknownStripeCustomerError';
  }
}

export type SubscriptionSyncResult = {
  subscriptionId: string;
  userId: string;
  status: SubscriptionStatus;
  /** The row's status before this sync; null when this sync created the row. */
  previousStatus: SubscriptionStatus | null;
};

/**
 * Re-reads the subscription from Stripe and converges the local row (status, price, period
 * start/end from its item, cancel_at_period_end, trial end, ended_at). Convergent: any number
 * of calls, in any order, land on Stripe's current state.
 */
export async function syncSubscriptionFromStripe(db: Database, stripeSubscriptionId: string): Promise<SubscriptionSyncResult> {
  const subscription = await getStripe().subscriptions.retrieve(stripeSubscriptionId);
  return upsertSubscription(db, subscription);
}

function asStatus(status: string): SubscriptionStatus {
  const known = subscriptionStatuses.find((s) => s === status);
  if (!known) throw new Error(`unknown subscription status ${status}`);
  return known;
}

export async function upsertSubscription(db: Database, subscription: Stripe.Subscription, eventCreatedAt?: Date): Promise<SubscriptionSyncResult> {
  const customer = await findCustomerByStripeId(db, idOf(subscription.customer) ?? '');
  if (!customer) throw new UnknownStripeCustomerError(idOf(subscription.customer));
  // In this API version the billing period lives on the item, not the subscription.
  const item = subscription.items.data[0];
  const price = item ? await findPriceByStripeId(db, item.price.id) : null;
  const status = asStatus(subscription.status);

  // Insert-then-lock, as for payments: a racing first event updates the winner's row.
  const inserted = await db
    .insert(subscriptions)
    .values({ stripeSubscriptionId: subscription.id, userId: customer.userId, customerId: customer.id, status })
    .onConflictDoNothing({ target: subscriptions.stripeSubscriptionId })
    .returning({ id: subscriptions.id });
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.stripeSubscriptionId, subscription.id)).for('update');
  if (!row) throw new Error(`subscription ${subscription.id} vanished inside its transaction`);

  await db
    .update(subscriptions)
    .set({
      status,
      planId: price?.planId ?? row.planId,
      priceId: price?.id ?? row.priceId,
      stripePriceId: item?.price.id ?? row.stripePriceId,
      currentPeriodStart: fromUnix(item?.current_period_start) ?? row.currentPeriodStart,
      currentPeriodEnd: fromUnix(item?.current_period_end) ?? row.currentPeriodEnd,
      cancelAtPeriodEnd: subscription.cancel_at_period_end,
      cancelAt: fromUnix(subscription.cancel_at),
      canceledAt: fromUnix(subscription.canceled_at),
      trialEnd: fromUnix(subscription.trial_end),
      endedAt: fromUnix(subscription.ended_at),
      lastEventAt: eventCreatedAt ? sql`greatest(${subscriptions.lastEventAt}, ${eventCreatedAt.toISOString()}::timestamptz)` : row.lastEventAt,
      updatedAt: sql`now()`,
    })
    .where(eq(subscriptions.id, row.id));
  return { subscriptionId: row.id, userId: row.userId, status, previousStatus: inserted.length > 0 ? null : row.status };
}
