import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { SyncContext } from '../../sync/context';
import { convergeSubscription } from '../subscription-event';

/** Renewal, plan change, cancel at period end or resume. */
export async function handleCustomerSubscriptionUpdated(tx: Database, event: Stripe.CustomerSubscriptionUpdatedEvent, ctx: SyncContext): Promise<string> {
  return convergeSubscription(tx, event.data.object.id, ctx, 'updated');
}
