import type Stripe from 'stripe';
import { stripeCall } from './client';

// Price changes from the admin: Stripe prices are immutable, so a change is a new price, the
// lookup key moved onto it, and the old one archived. Every POST carries a key from the change.

/** Moves `lookupKey` onto this price, taking it from whichever price holds it now. */
export function moveLookupKey(priceId: string, lookupKey: string, idempotencyKey: string): Promise<Stripe.Price> {
  return stripeCall('price.transfer_lookup_key', (stripe) => stripe.prices.update(priceId, { lookup_key: lookupKey, transfer_lookup_key: true }, { idempotencyKey }));
}

/** Archives a price: no new Checkout or subscription can use it; existing subscriptions keep it. */
export function archivePrice(priceId: string, idempotencyKey: string): Promise<Stripe.Price> {
  return stripeCall('price.archive', (stripe) => stripe.prices.update(priceId, { active: false }, { idempotencyKey }));
}
