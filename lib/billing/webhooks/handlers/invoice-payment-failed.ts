import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { findPaymentByIntentId, findSubscriptionById } from '@/db/queries/billing';
import { enqueueNotification } from '@/lib/notifications/outbox';
import { pastDueGraceEnd } from '../../access';
import type { SyncContext } from '../../sync/context';
import { syncInvoice } from '../../sync/invoices';
import { convergeSubscription } from '../subscription-event';
import { loadRecipient } from '../notify';

/**
 * A renewal attempt failed. One notice per attempt (`payment-failed:<invoice>:<attempt>`),
 * with Stripe's next retry and when access ends. A first invoice that fails belongs to a
 * buyer still on Checkout, who sees the decline there, so it sends nothing.
 */
export async function handleInvoicePaymentFailed(tx: Database, event: Stripe.InvoicePaymentFailedEvent, ctx: SyncContext): Promise<string> {
  const { invoice, userId, subscriptionRowId } = await syncInvoice(tx, event.data.object.id, ctx);
  const stripeSubscriptionId = invoice.parent?.subscription_details?.subscription;
  if (typeof stripeSubscriptionId === 'string') await convergeSubscription(tx, stripeSubscriptionId, ctx, 'invoice.payment_failed');
  if (invoice.billing_reason === 'subscription_create') return `invoice ${invoice.id} first payment failed (buyer is on Checkout)`;
  const subscription = subscriptionRowId ? await findSubscriptionById(tx, subscriptionRowId) : null;
  const recipient = await loadRecipient(tx, userId, { planId: subscription?.planId });
  if (!recipient) return `invoice ${invoice.id} payment failed; no local learner to tell`;
  const intent = invoice.payments?.data[0]?.payment.payment_intent;
  const payment = typeof intent === 'string' ? await findPaymentByIntentId(tx, intent) : null;
  const accessEndsAt = subscription ? pastDueGraceEnd(subscription) : null;
  const attempt = invoice.attempt_count;
  await enqueueNotification(tx, {
    template: 'payment-failed',
    recipient: recipient.email,
    userId: recipient.userId,
    dedupeKey: `payment-failed:${invoice.id}:${attempt}`,
    data: {
      learnerName: recipient.name,
      itemTitle: recipient.planName ?? recipient.itemTitle,
      amount: invoice.amount_due,
      currency: invoice.currency,
      reason: payment?.failureMessage ?? null,
      attempt,
      nextAttemptAt: invoice.next_payment_attempt ? new Date(invoice.next_payment_attempt * 1000).toISOString() : null,
      payUrl: invoice.hosted_invoice_url ?? null,
      accessEndsAt: accessEndsAt?.toISOString() ?? null,
    },
  });
  return `invoice ${invoice.id} payment failed (attempt ${attempt})`;
}
