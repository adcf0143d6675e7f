import type { Database } from '@/db/client';
import { takeReadTicket } from '@/db/queries/stripe-events';
import { StripeSnapshotReader } from './reader';
import { applySubscription, type SubscriptionSyncResult } from './subscriptions';

/**
 * Re-reads one subscription and converges it now, outside the webhook pipeline (after a
 * learner's change, so the page shows it at once). Read first, then a short transaction; the
 * read ticket keeps a slower webhook read from writing over it later.
 */
export async function refreshSubscriptionFromStripe(db: Database, stripeSubscriptionId: string): Promise<SubscriptionSyncResult> {
  const version = await takeReadTicket(db);
  const reader = new StripeSnapshotReader();
  const subscription = await reader.subscription(stripeSubscriptionId);
  reader.freeze();
  return db.transaction((tx) => applySubscription(tx, subscription, { eventId: null, eventCreatedAt: null, version }));
}
