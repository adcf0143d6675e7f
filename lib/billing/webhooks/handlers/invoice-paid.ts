import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { findPaymentByIntentId, findSubscriptionByStripeId } from '@/db/queries/billing';
import { env } from '@/lib/env';
import { enqueueNotification } from '@/lib/notifications/outbox';
import type { SyncContext } from '../../sync/context';
import { syncInvoice } from '../../sync/invoices';
import { loadRecipient, paymentMethodLabel } from '../notify';

/**
 * An invoice was paid. Stored with its links; a renewal (`subscription_cycle`) sends one
 * renewal receipt, keyed `renewal:<invoice>`. The first invoice's receipt is the
 * subscription-started message that fulfillment sends.
 */
export async function handleInvoicePaid(tx: Database, event: Stripe.InvoicePaidEvent, ctx: SyncContext): Promise<string> {
  const { invoice, userId } = await syncInvoice(tx, event.data.object.id, ctx);
  if (invoice.billing_reason !== 'subscription_cycle') return `invoice ${invoice.id} paid (${invoice.billing_reason ?? 'no reason'})`;
  const stripeSubscriptionId = invoice.parent?.subscription_details?.subscription;
  const subscription = typeof stripeSubscriptionId === 'string' ? await findSubscriptionByStripeId(tx, stripeSubscriptionId) : null;
  const recipient = await loadRecipient(tx, userId, { planId: subscription?.planId });
  if (!recipient) return `invoice ${invoice.id} paid; no local learner to send a receipt to`;
  const payment = invoice.payments?.data[0]?.payment.payment_intent;
  const paymentRow = typeof payment === 'string' ? await findPaymentByIntentId(tx, payment) : null;
  const line = invoice.lines.data[0];
  const { enqueued } = await enqueueNotification(tx, {
    template: 'renewal-receipt',
    recipient: recipient.email,
    userId: recipient.userId,
    dedupeKey: `renewal:${invoice.id}`,
    data: {
      learnerName: recipient.name,
      planName: recipient.planName ?? 'All-Access',
      amount: invoice.amount_paid,
      currency: invoice.currency,
      paymentMethod: paymentMethodLabel(paymentRow),
      receiptNumber: invoice.number ?? invoice.id,
      receiptUrl: `${env.APP_URL}/account`,
      paidAt: new Date((invoice.status_transitions.paid_at ?? invoice.created) * 1000).toISOString(),
      periodEnd: line ? new Date(line.period.end * 1000).toISOString() : null,
      invoiceUrl: invoice.hosted_invoice_url ?? null,
      invoicePdfUrl: invoice.invoice_pdf ?? null,
    },
  });
  return `invoice ${invoice.id} renewal paid${enqueued ? '; receipt enqueued' : ''}`;
}
