import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { type PriceRow, setStripePriceId, setStripeProductId } from '@/db/queries/catalog';
import { createPrice, createProduct, findActivePriceByLookupKey } from '@/lib/stripe/catalog';

type ProductOwner = { kind: 'course' | 'plan'; id: string; name: string; description: string; stripeProductId: string | null };

/**
 * Our catalog is the source of prices; Stripe gets a product and a price for each the first
 * time someone buys it. Prices are adopted by lookup key when Stripe already has one (a
 * database rebuilt against an existing account) and created with idempotency keys otherwise.
 */
export async function ensureStripePrice(db: Database, price: PriceRow, owner: ProductOwner): Promise<string> {
  if (price.stripePriceId) return price.stripePriceId;
  let stripePrice: Stripe.Price | null = price.lookupKey ? await findActivePriceByLookupKey(price.lookupKey) : null;
  if (!stripePrice) {
    const productId = await ensureStripeProduct(db, owner);
    stripePrice = await createPrice(
      {
        product: productId,
        currency: price.currency,
        unit_amount: price.unitAmount,
        lookup_key: price.lookupKey ?? undefined,
        recurring: price.type === 'recurring' && price.interval ? { interval: price.interval } : undefined,
        metadata: { bursar_price_id: price.id },
      },
      `price:${price.id}`,
    );
  }
  await setStripePriceId(db, price.id, stripePrice.id);
  return stripePrice.id;
}

/** The Stripe product of a course or plan, created once (idempotent key) and stored. */
export async function ensureStripeProduct(db: Database, owner: ProductOwner): Promise<string> {
  if (owner.stripeProductId) return owner.stripeProductId;
  const product = await createProduct(
    { name: owner.name, description: owner.description.slice(0, 500), metadata: { [`bursar_${owner.kind}_id`]: owner.id } },
    `product:${owner.kind}:${owner.id}`,
  );
  await setStripeProductId(db, owner, product.id);
  return product.id;
}
