import { sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { findCustomerByStripeId, findSubscriptionByStripeId } from '@/db/queries/billing';
import { invoices } from '@/db/schema';
import { invoiceStatuses, type InvoiceStatus } from '@/db/schema/enums';
import { getStripe } from '@/lib/stripe/client';
import type { SyncContext } from './context';
import { fromUnix, idOf } from './ids';
import { type PaymentSyncResult, syncPaymentIntent } from './payments';
import { syncSubscriptionFromStripe } from './subscriptions';

export type InvoiceSyncResult = {
  invoice: Stripe.Invoice;
  invoiceRowId: string;
  userId: string | null;
  subscriptionRowId: string | null;
  payment: PaymentSyncResult | null;
};

/** The PaymentIntent that pays an invoice: in this API version it hangs off `payments`. */
function paymentIntentOf(invoice: Stripe.Invoice): string | null {
  const payments = invoice.payments?.data ?? [];
  const chosen = payments.find((p) => p.is_default && p.payment.payment_intent) ?? payments.find((p) => p.payment.payment_intent);
  return idOf(chosen?.payment.payment_intent);
}

/**
 * Re-reads an invoice (with its payments) and converges the invoices row, its subscription
 * (linked through `parent.subscription_details`) and the payment that paid it.
 */
export async function syncInvoice(db: Database, invoiceId: string, ctx: SyncContext): Promise<InvoiceSyncResult> {
  const invoice = await getStripe().invoices.retrieve(invoiceId, { expand: ['payments'] });
  const customer = await findCustomerByStripeId(db, idOf(invoice.customer) ?? '');
  const stripeSubscriptionId = idOf(invoice.parent?.subscription_details?.subscription);
  let subscription = stripeSubscriptionId ? await findSubscriptionByStripeId(db, stripeSubscriptionId) : null;
  // Invoice events can arrive before any subscription event; converge the subscription first.
  if (stripeSubscriptionId && !subscription && customer) {
    await syncSubscriptionFromStripe(db, stripeSubscriptionId);
    subscription = await findSubscriptionByStripeId(db, stripeSubscriptionId);
  }
  const intentId = paymentIntentOf(invoice);
  const line = invoice.lines.data[0];
  const status: InvoiceStatus = invoiceStatuses.find((s) => s === invoice.status) ?? 'draft';
  const values = {
    stripeInvoiceId: invoice.id,
    subscriptionId: subscription?.id ?? null,
    stripeSubscriptionId,
    userId: customer?.userId ?? null,
    customerId: customer?.id ?? null,
    number: invoice.number,
    currency: invoice.currency,
    subtotal: invoice.subtotal,
    total: invoice.total,
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    amountRemaining: invoice.amount_remaining,
    status,
    billingReason: invoice.billing_reason,
    attemptCount: invoice.attempt_count,
    nextPaymentAttempt: fromUnix(invoice.next_payment_attempt),
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    invoicePdf: invoice.invoice_pdf ?? null,
    stripePaymentIntentId: intentId,
    // The subscription period the invoice bills is on its line; the invoice's own period
    // is the window its pending items were collected in.
    periodStart: fromUnix(line?.period.start ?? invoice.period_start),
    periodEnd: fromUnix(line?.period.end ?? invoice.period_end),
    paidAt: fromUnix(invoice.status_transitions.paid_at),
    lastEventAt: ctx.eventCreatedAt,
  };
  const { stripeInvoiceId: _key, lastEventAt: _at, ...updatable } = values;
  const [row] = await db
    .insert(invoices)
    .values(values)
    .onConflictDoUpdate({
      target: invoices.stripeInvoiceId,
      set: { ...updatable, lastEventAt: sql`greatest(${invoices.lastEventAt}, excluded.last_event_at)`, updatedAt: sql`now()` },
    })
    .returning({ id: invoices.id });
  if (!row) throw new Error(`invoice ${invoice.id} upsert returned no row`);

  const payment = intentId
    ? await syncPaymentIntent(db, intentId, { userId: customer?.userId ?? null, stripeInvoiceId: invoice.id, eventCreatedAt: ctx.eventCreatedAt })
    : null;
  return { invoice, invoiceRowId: row.id, userId: customer?.userId ?? null, subscriptionRowId: subscription?.id ?? null, payment };
}
