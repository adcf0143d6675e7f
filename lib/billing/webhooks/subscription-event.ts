import type { Database } from '@/db/client';
import { appendStripeAudit } from '@/db/queries/billing';
import { getStripe } from '@/lib/stripe/client';
import type { SyncContext } from '../sync/context';
import { UnknownStripeCustomerError, upsertSubscription } from '../sync/subscriptions';

/**
 * Shared by every customer.subscription.* handler: the event is only a signal, so re-read
 * the subscription and converge the row; audit a status change. All-Access itself needs no
 * enrollment rows: the access rule reads the subscription row.
 */
export async function convergeSubscription(tx: Database, stripeSubscriptionId: string, ctx: SyncContext, label: string): Promise<string> {
  const subscription = await getStripe().subscriptions.retrieve(stripeSubscriptionId);
  try {
    const synced = await upsertSubscription(tx, subscription, ctx.eventCreatedAt);
    if (synced.previousStatus !== synced.status) {
      await appendStripeAudit(tx, {
        stripeEventId: ctx.eventId,
        action: 'subscription.status_changed',
        entityType: 'subscription',
        entityId: subscription.id,
        data: { from: synced.previousStatus, to: synced.status, userId: synced.userId },
      });
    }
    const change = synced.previousStatus === synced.status ? synced.status : `${synced.previousStatus ?? 'new'} → ${synced.status}`;
    return `${label}: subscription ${subscription.id} ${change}`;
  } catch (error) {
    // Not a customer of this store (e.g. created by hand in the dashboard): nothing to mirror.
    if (error instanceof UnknownStripeCustomerError) return `${label}: ${error.message}; ignored`;
    throw error;
  }
}
