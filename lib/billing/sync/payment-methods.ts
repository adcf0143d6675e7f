import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { clearDefaultPaymentMethod, findCustomerByStripeId, findPaymentMethodVersion, upsertPaymentMethodMirror } from '@/db/queries/customers';
import type { SyncContext } from './context';
import { idOf } from './ids';

/**
 * Mirrors a PaymentMethod for display: type, brand, last4, expiry — never a card number
 * (Stripe never sends one). Detached methods keep their row with `detached_at` set.
 */
export async function applyPaymentMethod(db: Database, pm: Stripe.PaymentMethod, ctx: SyncContext): Promise<string> {
  const known = await findPaymentMethodVersion(db, pm.id);
  if (known !== null && known > ctx.version) return `payment method ${pm.id}: a newer read already applied; unchanged`;
  const stripeCustomerId = idOf(pm.customer);
  const customer = stripeCustomerId ? await findCustomerByStripeId(db, stripeCustomerId) : null;
  const card = pm.card;
  const isDefault = !!customer && customer.defaultPaymentMethodId === pm.id;
  if (isDefault && customer) await clearDefaultPaymentMethod(db, customer.id, pm.id);
  await upsertPaymentMethodMirror(
    db,
    {
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
    },
    ctx.version,
  );
  return `payment method ${pm.id} ${pm.type} ${card ? `${card.brand} ${card.last4}` : ''}${stripeCustomerId ? '' : ' detached'}`.trim();
}
