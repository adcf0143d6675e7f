import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { getStripe } from '@/lib/stripe/client';
import { upsertPaymentMethod } from '../../sync/payment-methods';

/** Removed from the customer; the row stays, marked detached. Re-read: attach and detach events can arrive in either order. */
export async function handlePaymentMethodDetached(tx: Database, event: Stripe.PaymentMethodDetachedEvent): Promise<string> {
  const pm = await getStripe().paymentMethods.retrieve(event.data.object.id);
  return upsertPaymentMethod(tx, pm);
}
