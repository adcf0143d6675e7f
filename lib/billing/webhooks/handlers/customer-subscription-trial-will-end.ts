import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { SyncContext } from '../../sync/context';
import { convergeSubscription } from '../subscription-event';

/** Three days before a trial ends; the row is refreshed (no template for a trial notice yet). */
export async function handleCustomerSubscriptionTrialWillEnd(tx: Database, event: Stripe.CustomerSubscriptionTrialWillEndEvent, ctx: SyncContext): Promise<string> {
  return convergeSubscription(tx, event.data.object.id, ctx, 'trial_will_end');
}
