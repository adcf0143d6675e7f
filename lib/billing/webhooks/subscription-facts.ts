import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { findPlanName, findPriceById } from '@/db/queries/catalog';
import { findPaymentById } from '@/db/queries/payments';
import { findSubscriptionById, type SubscriptionRow } from '@/db/queries/subscriptions';
import { findLearnerContact } from '@/db/queries/users';
import type { InvoiceFacts, Learner, PaidPayment } from '@/lib/notifications/payloads';
import { paymentMethodLabel } from '../payment-method-label';
import { fromUnix } from '../sync/ids';
import type { InvoiceSyncResult } from '../sync/invoices';

/**
 * The plain facts a subscription invoice's notices are built from, read from the rows the
 * invoice's sync just converged (never from Stripe: this runs inside the transaction).
 */
export async function loadInvoiceNoticeFacts(tx: Database, synced: InvoiceSyncResult) {
  const learner: Learner | null = synced.userId ? await findLearnerContact(tx, synced.userId) : null;
  const subscription = synced.subscriptionRowId ? await findSubscriptionById(tx, synced.subscriptionRowId) : null;
  const planName = (subscription?.planId ? await findPlanName(tx, subscription.planId) : null) ?? 'All-Access';
  const price = subscription?.priceId ? await findPriceById(tx, subscription.priceId) : null;
  const paymentRow = synced.payment ? await findPaymentById(tx, synced.payment.paymentId) : null;
  const payment: PaidPayment | null = paymentRow
    ? {
        id: paymentRow.id,
        stripePaymentIntentId: paymentRow.stripePaymentIntentId,
        amount: paymentRow.amount,
        currency: paymentRow.currency,
        methodLabel: paymentMethodLabel({ type: paymentRow.paymentMethodType, brand: paymentRow.cardBrand, last4: paymentRow.cardLast4 }),
        paidAt: paymentRow.succeededAt ?? new Date(),
      }
    : null;
  return { learner, subscription, planName, interval: price?.interval ?? 'month', payment, paymentRow, invoice: invoiceFacts(synced.invoice) };
}

/** The facts a subscription's own notices (trial ending, renewal reminder, ended) are built from. */
export async function loadSubscriptionNoticeFacts(tx: Database, subscription: SubscriptionRow) {
  const learner: Learner | null = await findLearnerContact(tx, subscription.userId);
  const planName = (subscription.planId ? await findPlanName(tx, subscription.planId) : null) ?? 'All-Access';
  const price = subscription.priceId ? await findPriceById(tx, subscription.priceId) : null;
  return { learner, planName, price, interval: price?.interval ?? 'month' };
}

export function invoiceFacts(invoice: Stripe.Invoice): InvoiceFacts {
  const line = invoice.lines.data[0];
  return {
    stripeInvoiceId: invoice.id,
    number: invoice.number,
    amountPaid: invoice.amount_paid,
    currency: invoice.currency,
    paidAt: fromUnix(invoice.status_transitions.paid_at ?? invoice.created) ?? new Date(),
    periodEnd: line ? fromUnix(line.period.end) : null,
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    invoicePdf: invoice.invoice_pdf ?? null,
  };
}
