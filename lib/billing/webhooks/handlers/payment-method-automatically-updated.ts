import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { getStripe } from '@/lib/stripe/client';
import { upsertPaymentMethod } from '../../sync/payment-methods';

/** The card network sent a new expiry or number (we only ever see last4). Re-read: attach and detach events can arrive in either order. */
export async function handlePaymentMethodAutomaticallyUpdated(tx: Database, event: Stripe.PaymentMethodAutomaticallyUpdatedEvent): Promise<string> {
  const pm = await getStripe().paymentMethods.retrieve(event.data.object.id);
  return upsertPaymentMethod(tx, pm);
}
