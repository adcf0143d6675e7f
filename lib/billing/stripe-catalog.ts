import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { courses, plans, prices } from '@/db/schema';
import { getStripe } from '@/lib/stripe/client';

type LocalPrice = typeof prices.$inferSelect;
type ProductOwner = { kind: 'course' | 'plan'; id: string; name: string; description: string; stripeProductId: string | null };

/**
 * Our catalog is the source of prices; Stripe gets a product and a price for each the first
 * time someone buys it. Prices are adopted by lookup key when Stripe already has one (a
 * database rebuilt against an existing account) and created with idempotency keys otherwise.
 */
export async function ensureStripePrice(db: Database, price: LocalPrice, owner: ProductOwner): Promise<string> {
  if (price.stripePriceId) return price.stripePriceId;
  const stripe = getStripe();
  let stripePrice: Stripe.Price | undefined;
  if (price.lookupKey) {
    const found = await stripe.prices.list({ lookup_keys: [price.lookupKey], active: true, limit: 1 });
    stripePrice = found.data[0];
  }
  if (!stripePrice) {
    const productId = await ensureStripeProduct(db, owner);
    stripePrice = await stripe.prices.create(
      {
        product: productId,
        currency: price.currency,
        unit_amount: price.unitAmount,
        lookup_key: price.lookupKey ?? undefined,
        recurring: price.type === 'recurring' && price.interval ? { interval: price.interval } : undefined,
        metadata: { bursar_price_id: price.id },
      },
      { idempotencyKey: `price:${price.id}` },
    );
  }
  await db.update(prices).set({ stripePriceId: stripePrice.id }).where(eq(prices.id, price.id));
  return stripePrice.id;
}

async function ensureStripeProduct(db: Database, owner: ProductOwner): Promise<string> {
  if (owner.stripeProductId) return owner.stripeProductId;
  const product = await getStripe().products.create(
    { name: owner.name, description: owner.description.slice(0, 500), metadata: { [`bursar_${owner.kind}_id`]: owner.id } },
    { idempotencyKey: `product:${owner.kind}:${owner.id}` },
  );
  const table = owner.kind === 'course' ? courses : plans;
  await db.update(table).set({ stripeProductId: product.id }).where(eq(table.id, owner.id));
  return product.id;
}
