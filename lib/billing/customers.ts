import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { customers } from '@/db/schema';
import { getStripe } from '@/lib/stripe/client';

type CustomerOwner = { id: string; email: string; name: string | null };

/**
 * The user's Stripe customer, created once before their first checkout so every later event
 * maps back to them. Safe under double-clicks and two instances: the create call carries an
 * idempotency key derived from the user, so racing calls get the same Stripe customer, and
 * the unique user_id column keeps one local row.
 */
export async function ensureStripeCustomer(db: Database, user: CustomerOwner): Promise<string> {
  const existing = await findStripeCustomerId(db, user.id);
  if (existing) return existing;
  const customer = await getStripe().customers.create(
    { email: user.email, name: user.name ?? undefined, metadata: { user_id: user.id } },
    { idempotencyKey: `customer:${user.id}` },
  );
  await db
    .insert(customers)
    .values({ userId: user.id, stripeCustomerId: customer.id, email: user.email })
    .onConflictDoNothing();
  const stored = await findStripeCustomerId(db, user.id);
  if (!stored) throw new Error(`customer row for user ${user.id} is missing after insert`);
  return stored;
}

export async function findStripeCustomerId(db: Database, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: customers.stripeCustomerId })
    .from(customers)
    .where(eq(customers.userId, userId))
    .limit(1);
  return row?.id ?? null;
}
