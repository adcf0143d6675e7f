import type Stripe from 'stripe';
import { stripeCall } from './client';

// Products and prices: created from Bursar's catalog the first time something is sold.

export async function findActivePriceByLookupKey(lookupKey: string): Promise<Stripe.Price | null> {
  const page = await stripeCall('price.list_by_lookup_key', (stripe) => stripe.prices.list({ lookup_keys: [lookupKey], active: true, limit: 1 }));
  return page.data[0] ?? null;
}

export function createProduct(params: Stripe.ProductCreateParams, idempotencyKey: string): Promise<Stripe.Product> {
  return stripeCall('product.create', (stripe) => stripe.products.create(params, { idempotencyKey }));
}

export function createPrice(params: Stripe.PriceCreateParams, idempotencyKey: string): Promise<Stripe.Price> {
  return stripeCall('price.create', (stripe) => stripe.prices.create(params, { idempotencyKey }));
}
