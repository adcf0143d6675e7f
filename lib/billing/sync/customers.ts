import { and, eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { customers, paymentMethods } from '@/db/schema';
import { clearDefault } from './payment-methods';
import { idOf } from './ids';

/** Mirrors the customer's email and default payment method (flagging the matching row). */
export async function syncCustomer(db: Database, customer: Stripe.Customer): Promise<string> {
  const defaultPm = idOf(customer.invoice_settings?.default_payment_method);
  const [row] = await db
    .update(customers)
    .set({ email: customer.email, defaultPaymentMethodId: defaultPm, updatedAt: sql`now()` })
    .where(eq(customers.stripeCustomerId, customer.id))
    .returning({ id: customers.id });
  if (!row) return `customer ${customer.id} is not ours; ignored`;
  await clearDefault(db, row.id, defaultPm);
  if (defaultPm) {
    await db
      .update(paymentMethods)
      .set({ isDefault: true, updatedAt: sql`now()` })
      .where(and(eq(paymentMethods.customerId, row.id), eq(paymentMethods.stripePaymentMethodId, defaultPm), sql`${paymentMethods.detachedAt} is null`));
  }
  return `customer ${customer.id} synced (default payment method ${defaultPm ?? 'none'})`;
}

/** A deleted Stripe customer keeps its row (payments reference it); it is only marked. */
export async function markCustomerDeleted(db: Database, stripeCustomerId: string): Promise<string> {
  const rows = await db
    .update(customers)
    .set({ deletedAt: sql`coalesce(${customers.deletedAt}, now())`, updatedAt: sql`now()` })
    .where(eq(customers.stripeCustomerId, stripeCustomerId))
    .returning({ id: customers.id });
  return rows.length ? `customer ${stripeCustomerId} marked deleted` : `customer ${stripeCustomerId} is not ours; ignored`;
}
