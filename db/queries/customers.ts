import { and, eq, ne, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { customers, paymentMethods } from '../schema';

export type CustomerRow = typeof customers.$inferSelect;

export async function findCustomerByStripeId(db: Database, stripeCustomerId: string): Promise<CustomerRow | null> {
  const [row] = await db.select().from(customers).where(eq(customers.stripeCustomerId, stripeCustomerId));
  return row ?? null;
}

export async function findStripeCustomerIdOfUser(db: Database, userId: string): Promise<string | null> {
  const [row] = await db.select({ id: customers.stripeCustomerId }).from(customers).where(eq(customers.userId, userId)).limit(1);
  return row?.id ?? null;
}

/** One local row per user and per Stripe customer; a racing second insert changes nothing. */
export async function insertCustomer(db: Database, values: { userId: string; stripeCustomerId: string; email: string }): Promise<void> {
  await db.insert(customers).values({ ...values, email: values.email.toLowerCase() }).onConflictDoNothing();
}

/**
 * Mirrors a customer's email and default payment method (flagging the matching row as the
 * only default). Null when the customer is not ours or the read is older than the row's.
 */
export async function writeCustomerMirror(
  db: Database,
  stripeCustomerId: string,
  values: { email: string | null; defaultPaymentMethodId: string | null; balance: number; balanceCurrency: string | null },
  version: number,
): Promise<{ id: string } | null> {
  const [row] = await db
    .update(customers)
    .set({
      email: values.email?.toLowerCase() ?? null,
      defaultPaymentMethodId: values.defaultPaymentMethodId,
      balance: values.balance,
      balanceCurrency: values.balanceCurrency,
      syncedVersion: version,
      updatedAt: sql`now()`,
    })
    .where(and(eq(customers.stripeCustomerId, stripeCustomerId), sql`${customers.syncedVersion} <= ${version}`))
    .returning({ id: customers.id });
  if (!row) return null;
  await clearDefaultPaymentMethod(db, row.id, values.defaultPaymentMethodId);
  if (values.defaultPaymentMethodId) {
    await db
      .update(paymentMethods)
      .set({ isDefault: true, updatedAt: sql`now()` })
      .where(and(eq(paymentMethods.customerId, row.id), eq(paymentMethods.stripePaymentMethodId, values.defaultPaymentMethodId), sql`${paymentMethods.detachedAt} is null`));
  }
  return row;
}

/** The learner's credit (a positive amount) in its currency, or null when they have none. */
export async function findCustomerCredit(db: Database, userId: string): Promise<{ amount: number; currency: string } | null> {
  const [row] = await db.select({ balance: customers.balance, currency: customers.balanceCurrency }).from(customers).where(eq(customers.userId, userId));
  if (!row || row.balance >= 0 || !row.currency) return null;
  return { amount: -row.balance, currency: row.currency };
}

/** A deleted Stripe customer keeps its row (payments reference it); it is only marked. */
export async function markCustomerDeleted(db: Database, stripeCustomerId: string): Promise<boolean> {
  const rows = await db
    .update(customers)
    .set({ deletedAt: sql`coalesce(${customers.deletedAt}, now())`, updatedAt: sql`now()` })
    .where(eq(customers.stripeCustomerId, stripeCustomerId))
    .returning({ id: customers.id });
  return rows.length > 0;
}

/** Clears the default flag of every other card of the customer (one default at most). */
export async function clearDefaultPaymentMethod(db: Database, customerId: string, keepStripeId: string | null): Promise<void> {
  await db
    .update(paymentMethods)
    .set({ isDefault: false, updatedAt: sql`now()` })
    .where(
      and(
        eq(paymentMethods.customerId, customerId),
        eq(paymentMethods.isDefault, true),
        keepStripeId ? ne(paymentMethods.stripePaymentMethodId, keepStripeId) : undefined,
      ),
    );
}

export type PaymentMethodMirror = Omit<typeof paymentMethods.$inferInsert, 'id' | 'createdAt' | 'updatedAt' | 'syncedVersion'>;

export async function findPaymentMethodVersion(db: Database, stripePaymentMethodId: string): Promise<number | null> {
  const [row] = await db.select({ v: paymentMethods.syncedVersion }).from(paymentMethods).where(eq(paymentMethods.stripePaymentMethodId, stripePaymentMethodId));
  return row?.v ?? null;
}

export async function upsertPaymentMethodMirror(db: Database, values: PaymentMethodMirror, version: number): Promise<void> {
  const { stripePaymentMethodId: _key, ...updatable } = values;
  await db
    .insert(paymentMethods)
    .values({ ...values, syncedVersion: version })
    .onConflictDoUpdate({
      target: paymentMethods.stripePaymentMethodId,
      set: {
        ...updatable,
        // A detach event has no customer; keep whose card it was.
        userId: sql`coalesce(excluded.user_id, ${paymentMethods.userId})`,
        customerId: sql`coalesce(excluded.customer_id, ${paymentMethods.customerId})`,
        detachedAt: values.detachedAt ? sql`coalesce(${paymentMethods.detachedAt}, excluded.detached_at)` : null,
        syncedVersion: version,
        updatedAt: sql`now()`,
      },
      setWhere: sql`${paymentMethods.syncedVersion} <= ${version}`,
    });
}
