import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { SyncContext } from '../../sync/context';
import { convergeSubscription } from '../subscription-event';

/** Collection resumed. */
export async function handleCustomerSubscriptionResumed(tx: Database, event: Stripe.CustomerSubscriptionResumedEvent, ctx: SyncContext): Promise<string> {
  return convergeSubscription(tx, event.data.object.id, ctx, 'resumed');
}
