import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { getStripe } from '@/lib/stripe/client';
import { markCustomerDeleted, syncCustomer } from '../../sync/customers';

/** Email or default payment method changed; re-read so a late event cannot undo a newer one. */
export async function handleCustomerUpdated(tx: Database, event: Stripe.CustomerUpdatedEvent): Promise<string> {
  const customer = await getStripe().customers.retrieve(event.data.object.id);
  if (customer.deleted) return markCustomerDeleted(tx, customer.id);
  return syncCustomer(tx, customer);
}
