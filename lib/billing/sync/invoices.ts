import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { findCustomerByStripeId } from '@/db/queries/customers';
import { findInvoiceByStripeId, findSubscriptionByStripeId, upsertInvoiceMirror } from '@/db/queries/subscriptions';
import { invoiceStatuses, type InvoiceStatus } from '@/db/schema/enums';
import { isStaleRead, type SyncContext } from './context';
import { fromUnix, idOf } from './ids';
import { applyPayment, type PaymentSnapshot, type PaymentSyncResult, readPayment } from './payments';
import type { StripeSnapshotReader } from './reader';
import { applySubscription, type SubscriptionSyncResult } from './subscriptions';

export type InvoiceSnapshot = { invoice: Stripe.Invoice; subscription: Stripe.Subscription | null; payment: PaymentSnapshot | null };

export type InvoiceSyncResult = {
  invoice: Stripe.Invoice;
  userId: string | null;
  subscriptionRowId: string | null;
  subscription: SubscriptionSyncResult | null;
  payment: PaymentSyncResult | null;
  stale: boolean;
};

/** The PaymentIntent that pays an invoice: in this API version it hangs off `payments`. */
export function paymentIntentOfInvoice(invoice: Stripe.Invoice): string | null {
  const payments = invoice.payments?.data ?? [];
  const chosen = payments.find((p) => p.is_default && p.payment.payment_intent) ?? payments.find((p) => p.payment.payment_intent);
  return idOf(chosen?.payment.payment_intent);
}

export const subscriptionOfInvoice = (invoice: Stripe.Invoice): string | null => idOf(invoice.parent?.subscription_details?.subscription);

export async function readInvoice(db: Database, reader: StripeSnapshotReader, invoiceId: string): Promise<InvoiceSnapshot> {
  const invoice = await reader.invoice(invoiceId);
  const subscriptionId = subscriptionOfInvoice(invoice);
  const intentId = paymentIntentOfInvoice(invoice);
  const [subscription, payment] = await Promise.all([
    subscriptionId ? reader.subscription(subscriptionId) : Promise.resolve(null),
    intentId ? readPayment(db, reader, intentId, { stripeInvoiceId: invoice.id }) : Promise.resolve(null),
  ]);
  return { invoice, subscription, payment };
}

/**
 * Converges an invoice: its subscription first (invoice events can arrive before any
 * subscription event), the invoices row with its links, and the payment that paid it.
 */
export async function applyInvoice(db: Database, snapshot: InvoiceSnapshot, ctx: SyncContext): Promise<InvoiceSyncResult> {
  const { invoice } = snapshot;
  const subscriptionSync = snapshot.subscription ? await applySubscription(db, snapshot.subscription, ctx) : null;
  const customer = await findCustomerByStripeId(db, idOf(invoice.customer) ?? '');
  const stripeSubscriptionId = subscriptionOfInvoice(invoice);
  const subscription = stripeSubscriptionId ? await findSubscriptionByStripeId(db, stripeSubscriptionId) : null;
  const existing = await findInvoiceByStripeId(db, invoice.id);
  const stale = !!existing && isStaleRead(existing, ctx);
  if (!stale) {
    const line = invoice.lines.data[0];
    const status: InvoiceStatus = invoiceStatuses.find((s) => s === invoice.status) ?? 'draft';
    await upsertInvoiceMirror(
      db,
      {
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
        startingBalance: invoice.starting_balance ?? 0,
        endingBalance: invoice.ending_balance ?? null,
        status,
        billingReason: invoice.billing_reason,
        attemptCount: invoice.attempt_count,
        nextPaymentAttempt: fromUnix(invoice.next_payment_attempt),
        hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
        invoicePdf: invoice.invoice_pdf ?? null,
        stripePaymentIntentId: paymentIntentOfInvoice(invoice),
        // The subscription period the invoice bills is on its line; the invoice's own period
        // is the window its pending items were collected in.
        periodStart: fromUnix(line?.period.start ?? invoice.period_start),
        periodEnd: fromUnix(line?.period.end ?? invoice.period_end),
        paidAt: fromUnix(invoice.status_transitions.paid_at),
      },
      { version: ctx.version, eventCreatedAt: ctx.eventCreatedAt },
    );
  }
  const payment = snapshot.payment
    ? await applyPayment(db, snapshot.payment, ctx, { userId: customer?.userId ?? null, stripeInvoiceId: invoice.id })
    : null;
  return { invoice, userId: customer?.userId ?? null, subscriptionRowId: subscription?.id ?? null, subscription: subscriptionSync, payment, stale };
}
