import type { Database } from '@/db/client';
import { findStripeCustomerIdOfUser, insertCustomer } from '@/db/queries/customers';
import { createCustomer } from '@/lib/stripe/customers';

type CustomerOwner = { id: string; email: string; name: string | null };

/**
 * The user's Stripe customer, created once before their first checkout so every later event
 * maps back to them. Safe under double-clicks and two instances: the create call carries an
 * idempotency key derived from the user, so racing calls get the same Stripe customer, and
 * the unique user_id column keeps one local row.
 */
export async function ensureStripeCustomer(db: Database, user: CustomerOwner): Promise<string> {
  const existing = await findStripeCustomerIdOfUser(db, user.id);
  if (existing) return existing;
  const customer = await createCustomer({ email: user.email, name: user.name, userId: user.id }, `customer:${user.id}`);
  await insertCustomer(db, { userId: user.id, stripeCustomerId: customer.id, email: user.email });
  const stored = await findStripeCustomerIdOfUser(db, user.id);
  if (!stored) throw new Error(`customer row for user ${user.id} is missing after insert`);
  return stored;
}
