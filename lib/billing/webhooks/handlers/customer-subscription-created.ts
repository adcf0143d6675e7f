import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { SyncContext } from '../../sync/context';
import { convergeSubscription } from '../subscription-event';

/** A subscription exists: mirror it (All-Access follows from its status). */
export async function handleCustomerSubscriptionCreated(tx: Database, event: Stripe.CustomerSubscriptionCreatedEvent, ctx: SyncContext): Promise<string> {
  return convergeSubscription(tx, event.data.object.id, ctx, 'created');
}
