import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { getStripe } from '@/lib/stripe/client';
import { upsertPaymentMethod } from '../../sync/payment-methods';

/** A card or bank account was saved to a customer. Re-read: attach and detach events can arrive in either order. */
export async function handlePaymentMethodAttached(tx: Database, event: Stripe.PaymentMethodAttachedEvent): Promise<string> {
  const pm = await getStripe().paymentMethods.retrieve(event.data.object.id);
  return upsertPaymentMethod(tx, pm);
}
