import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { SyncContext } from '../../sync/context';
import { convergeSubscription } from '../subscription-event';

/** The subscription ended; access ends with it via the access rule. */
export async function handleCustomerSubscriptionDeleted(tx: Database, event: Stripe.CustomerSubscriptionDeletedEvent, ctx: SyncContext): Promise<string> {
  return convergeSubscription(tx, event.data.object.id, ctx, 'deleted');
}
