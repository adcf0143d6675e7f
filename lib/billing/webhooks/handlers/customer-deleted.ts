import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { markCustomerDeleted } from '../../sync/customers';

/** The Stripe customer is gone; our row stays (payments point at it) and is marked deleted. */
export async function handleCustomerDeleted(tx: Database, event: Stripe.CustomerDeletedEvent): Promise<string> {
  return markCustomerDeleted(tx, event.data.object.id);
}
