import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { findPriceByStripeId } from '@/db/queries/catalog';
import { findCustomerByStripeId } from '@/db/queries/customers';
import { enqueueJob } from '@/db/queries/jobs';
import { recordSubscriptionMrr } from '@/db/queries/mrr';
import { mrrDiscountsOf, subscriptionMrr } from '@/lib/admin/mrr';
import { logger } from '@/lib/log';
import { lockOrCreateSubscription, lockOtherLiveSubscription, markSubscriptionDuplicate, type SubscriptionRow, writeSubscriptionMirror } from '@/db/queries/subscriptions';
import { liveSubscriptionStatuses, subscriptionStatuses, type SubscriptionStatus } from '@/db/schema/enums';
import { auditStripeChange } from './audit';
import { isStaleRead, type SyncContext } from './context';
import { fromUnix, idOf } from './ids';

export type SubscriptionSyncResult =
  | { kind: 'synced'; subscriptionId: string; userId: string; status: SubscriptionStatus; previousStatus: SubscriptionStatus | null; stale: boolean; duplicate: boolean }
  /** A subscription of a customer we never created (made by hand in the dashboard). */
  | { kind: 'not_ours'; stripeCustomerId: string | null };

function asStatus(status: string): SubscriptionStatus {
  const known = subscriptionStatuses.find((s) => s === status);
  if (!known) throw new Error(`unknown subscription status ${status}`);
  return known;
}

const isLive = (status: SubscriptionStatus) => (liveSubscriptionStatuses as readonly string[]).includes(status);

/**
 * Converges the local row from a subscription read (status, price, period start/end from
 * its item, cancellation, trial, end) and audits a status change. Database only.
 *
 * One live All-Access subscription per learner: when a second one starts (two Checkout
 * tabs), the later one by Stripe's `created` is marked the duplicate and a job cancels it
 * with a full refund, exactly once (`duplicate-subscription:<id>`).
 */
export async function applySubscription(db: Database, subscription: Stripe.Subscription, ctx: SyncContext): Promise<SubscriptionSyncResult> {
  const customer = await findCustomerByStripeId(db, idOf(subscription.customer) ?? '');
  if (!customer) return { kind: 'not_ours', stripeCustomerId: idOf(subscription.customer) };
  // In this API version the billing period lives on the item, not the subscription.
  const item = subscription.items.data[0];
  const price = item ? await findPriceByStripeId(db, item.price.id) : null;
  const status = asStatus(subscription.status);
  const { row, created } = await lockOrCreateSubscription(db, { stripeSubscriptionId: subscription.id, userId: customer.userId, customerId: customer.id, status });
  const previousStatus = created ? null : row.status;
  if (isStaleRead(row, ctx)) return { kind: 'synced', subscriptionId: row.id, userId: row.userId, status: row.status, previousStatus, stale: true, duplicate: row.duplicateOfId !== null };

  const planId = price?.planId ?? row.planId;
  const stripeCreatedAt = fromUnix(subscription.created);
  const duplicateOfId = row.duplicateOfId ?? (planId && isLive(status) ? await claimOriginal(db, row, { planId, stripeCreatedAt, stripeId: subscription.id }, ctx) : null);
  await writeSubscriptionMirror(
    db,
    row.id,
    {
      status,
      planId,
      priceId: price?.id ?? row.priceId,
      stripePriceId: item?.price.id ?? row.stripePriceId,
      currentPeriodStart: fromUnix(item?.current_period_start) ?? row.currentPeriodStart,
      currentPeriodEnd: fromUnix(item?.current_period_end) ?? row.currentPeriodEnd,
      cancelAtPeriodEnd: subscription.cancel_at_period_end,
      cancelAt: fromUnix(subscription.cancel_at),
      canceledAt: fromUnix(subscription.canceled_at),
      trialEnd: fromUnix(subscription.trial_end),
      endedAt: fromUnix(subscription.ended_at),
      duplicateOfId,
      stripeCreatedAt,
    },
    { version: ctx.version, eventCreatedAt: ctx.eventCreatedAt },
  );
  await recordMrr(db, subscription, { subscriptionId: row.id, userId: row.userId, status, duplicate: duplicateOfId !== null }, ctx);
  if (previousStatus !== status) {
    await auditStripeChange(db, ctx, {
      action: 'subscription.status_changed',
      entityType: 'subscription',
      entityId: subscription.id,
      data: { from: previousStatus, to: status, userId: row.userId },
    });
  }
  return { kind: 'synced', subscriptionId: row.id, userId: row.userId, status, previousStatus, stale: false, duplicate: duplicateOfId !== null };
}

/**
 * Keeps the MRR rollup (`mrr_movements`) in step with this read, in the same transaction. The
 * amount comes from the subscription's own item price less its recurring discounts, as Stripe bills it. A change counts
 * from the event that reported it; an end from the subscription's `ended_at`.
 */
async function recordMrr(db: Database, subscription: Stripe.Subscription, local: { subscriptionId: string; userId: string; status: SubscriptionStatus; duplicate: boolean }, ctx: SyncContext): Promise<void> {
  const item = subscription.items.data[0];
  if (!item) return;
  const effectiveNow = ctx.eventCreatedAt ?? new Date();
  const { discounts, unknown } = mrrDiscountsOf(subscription, item.price.currency, effectiveNow);
  if (unknown.length > 0) logger.warn({ subscription: subscription.id, discounts: unknown }, 'subscription read without expanded discounts: MRR counted without them');
  const mrr = subscriptionMrr({
    status: local.status,
    endedAt: fromUnix(subscription.ended_at),
    duplicate: local.duplicate,
    unitAmount: item.price.unit_amount,
    interval: item.price.recurring?.interval ?? null,
    intervalCount: item.price.recurring?.interval_count ?? 1,
    quantity: item.quantity ?? 1,
    discounts,
  });
  const effectiveAt = (mrr === 0 ? fromUnix(subscription.ended_at) : null) ?? effectiveNow;
  await recordSubscriptionMrr(db, { subscriptionId: local.subscriptionId, userId: local.userId, currency: item.price.currency, mrr, effectiveAt });
}

/**
 * Decides which of two live subscriptions to one plan is the original: the earlier one at
 * Stripe (ids break ties). Returns the original's id when `row` is the duplicate; when the
 * other one is, marks it instead. Either way the duplicate's cancellation is queued once.
 */
async function claimOriginal(db: Database, row: SubscriptionRow, self: { planId: string; stripeCreatedAt: Date | null; stripeId: string }, ctx: SyncContext): Promise<string | null> {
  const other = await lockOtherLiveSubscription(db, { userId: row.userId, planId: self.planId, exceptId: row.id });
  if (!other) return null;
  const selfKey = [self.stripeCreatedAt?.getTime() ?? Number.MAX_SAFE_INTEGER, self.stripeId] as const;
  const otherKey = [other.stripeCreatedAt?.getTime() ?? 0, other.stripeSubscriptionId] as const;
  const selfIsLater = selfKey[0] > otherKey[0] || (selfKey[0] === otherKey[0] && selfKey[1] > otherKey[1]);
  const [duplicate, original] = selfIsLater ? [{ id: row.id, stripeId: self.stripeId }, other] : [{ id: other.id, stripeId: other.stripeSubscriptionId }, row];
  if (!selfIsLater) await markSubscriptionDuplicate(db, other.id, row.id);
  await enqueueJob(db, {
    name: 'cancel-duplicate-subscription',
    payload: { subscriptionId: duplicate.id },
    dedupeKey: `duplicate-subscription:${duplicate.stripeId}`,
  });
  await auditStripeChange(db, ctx, {
    action: 'subscription.duplicate_detected',
    entityType: 'subscription',
    entityId: duplicate.stripeId,
    data: { userId: row.userId, originalSubscriptionId: original.id, duplicateSubscriptionId: duplicate.id },
  });
  return selfIsLater ? other.id : null;
}

export function describeSubscriptionSync(label: string, synced: SubscriptionSyncResult, stripeId: string): string {
  if (synced.kind === 'not_ours') return `${label}: no local customer for Stripe customer ${synced.stripeCustomerId ?? '(none)'}; ignored`;
  const change = synced.previousStatus === synced.status ? synced.status : `${synced.previousStatus ?? 'new'} → ${synced.status}`;
  return `${label}: subscription ${stripeId} ${change}${synced.stale ? ' (stale, unchanged)' : ''}${synced.duplicate ? ' (duplicate: being canceled and refunded)' : ''}`;
}
