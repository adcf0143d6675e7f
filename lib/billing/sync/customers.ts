import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { markCustomerDeleted, writeCustomerMirror } from '@/db/queries/customers';
import type { SyncContext } from './context';
import { idOf } from './ids';

/**
 * Mirrors a customer as Stripe has it now: email and default payment method, or, when Stripe
 * says the customer is deleted, the local row marked deleted (it stays: payments point at it).
 * The event that triggered this is only a signal; a forged `customer.deleted` for a live
 * customer changes nothing, because Stripe answers that the customer exists.
 */
export async function applyCustomer(db: Database, customer: Stripe.Customer | Stripe.DeletedCustomer, ctx: SyncContext): Promise<string> {
  if (customer.deleted) {
    return (await markCustomerDeleted(db, customer.id)) ? `customer ${customer.id} marked deleted` : `customer ${customer.id} is not ours; ignored`;
  }
  const defaultPm = idOf(customer.invoice_settings?.default_payment_method);
  const balance = customer.balance ?? 0;
  const row = await writeCustomerMirror(
    db,
    customer.id,
    { email: customer.email, defaultPaymentMethodId: defaultPm, balance, balanceCurrency: customer.currency ?? null },
    ctx.version,
  );
  if (!row) return `customer ${customer.id}: not ours, or a newer read already applied; unchanged`;
  return `customer ${customer.id} synced (default payment method ${defaultPm ?? 'none'}, balance ${balance} ${customer.currency ?? ''})`.trimEnd();
}
