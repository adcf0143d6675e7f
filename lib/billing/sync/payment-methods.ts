import { and, eq, ne, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { findCustomerByStripeId } from '@/db/queries/billing';
import { paymentMethods } from '@/db/schema';
import { idOf } from './ids';

/**
 * Mirrors a PaymentMethod for display: type, brand, last4, expiry — never a card number
 * (Stripe never sends one). Detached methods keep their row with `detached_at` set.
 */
export async function upsertPaymentMethod(db: Database, pm: Stripe.PaymentMethod): Promise<string> {
  const stripeCustomerId = idOf(pm.customer);
  const customer = stripeCustomerId ? await findCustomerByStripeId(db, stripeCustomerId) : null;
  const card = pm.card;
  const isDefault = !!customer && customer.defaultPaymentMethodId === pm.id && !!stripeCustomerId;
  const values = {
    stripePaymentMethodId: pm.id,
    userId: customer?.userId ?? null,
    customerId: customer?.id ?? null,
    type: pm.type,
    brand: card?.brand ?? null,
    last4: card?.last4 ?? pm.us_bank_account?.last4 ?? null,
    expMonth: card?.exp_month ?? null,
    expYear: card?.exp_year ?? null,
    isDefault,
    detachedAt: stripeCustomerId ? null : new Date(),
  };
  if (isDefault && customer) await clearDefault(db, customer.id, pm.id);
  const { stripePaymentMethodId: _key, ...updatable } = values;
  await db
    .insert(paymentMethods)
    .values(values)
    .onConflictDoUpdate({
      target: paymentMethods.stripePaymentMethodId,
      set: {
        ...updatable,
        // A detach event has no customer; keep whose card it was.
        userId: sql`coalesce(excluded.user_id, ${paymentMethods.userId})`,
        customerId: sql`coalesce(excluded.customer_id, ${paymentMethods.customerId})`,
        detachedAt: stripeCustomerId ? null : sql`coalesce(${paymentMethods.detachedAt}, now())`,
        updatedAt: sql`now()`,
      },
    });
  return `payment method ${pm.id} ${pm.type} ${card ? `${card.brand} ${card.last4}` : ''}${stripeCustomerId ? '' : ' detached'}`.trim();
}

/** Only one default per customer (a partial unique index): clear the others first. */
export async function clearDefault(db: Database, customerId: string, exceptStripeId: string | null) {
  await db
    .update(paymentMethods)
    .set({ isDefault: false, updatedAt: sql`now()` })
    .where(
      and(
        eq(paymentMethods.customerId, customerId),
        eq(paymentMethods.isDefault, true),
        exceptStripeId ? ne(paymentMethods.stripePaymentMethodId, exceptStripeId) : undefined,
      ),
    );
}
