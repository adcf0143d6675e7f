import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { SyncContext } from '../../sync/context';
import { convergeSubscription } from '../subscription-event';

/** Collection paused: status paused, no access. */
export async function handleCustomerSubscriptionPaused(tx: Database, event: Stripe.CustomerSubscriptionPausedEvent, ctx: SyncContext): Promise<string> {
  return convergeSubscription(tx, event.data.object.id, ctx, 'paused');
}
