import type Stripe from 'stripe';
import { enqueueWithSms } from '@/lib/notifications/outbox';
import { paymentFailed } from '@/lib/notifications/payloads';
import { pastDueGraceEnd } from '../../access';
import { dunningPolicy } from '../../dunning-policy';
import { fromUnix } from '../../sync/ids';
import { loadInvoiceNoticeFacts } from '../subscription-facts';
import { invoiceTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * A renewal attempt failed. The invoice and its subscription converge (past due); one notice
 * per attempt (`payment-failed:<invoice>:<attempt>`) with Stripe's next retry and when
 * access ends. A first invoice that fails belongs to a buyer still on Checkout, who sees the
 * decline there, so it sends nothing.
 */
export const handleInvoicePaymentFailed: WebhookHandler<Stripe.InvoicePaymentFailedEvent> = {
  targets: (event) => invoiceTarget(event.data.object.id),
  async after(tx, event, outcomes) {
    const synced = outcomes.invoice(event.data.object.id);
    if (!synced) return null;
    const { invoice } = synced;
    if (invoice.billing_reason === 'subscription_create') return 'first payment failed (buyer is on Checkout)';
    const facts = await loadInvoiceNoticeFacts(tx, synced);
    if (!facts.learner) return 'payment failed; no local learner to tell';
    const notice = paymentFailed(facts.learner, {
      stripeInvoiceId: invoice.id,
      attempt: invoice.attempt_count,
      itemTitle: facts.planName,
      amount: invoice.amount_due,
      currency: invoice.currency,
      reason: facts.paymentRow?.failureMessage ?? null,
      nextAttemptAt: fromUnix(invoice.next_payment_attempt),
      payUrl: invoice.hosted_invoice_url ?? null,
      accessEndsAt: facts.subscription ? pastDueGraceEnd(facts.subscription) : null,
      methodLabel: facts.payment?.methodLabel ?? null,
      attempts: dunningPolicy.attempts,
    });
    // Every attempt is also texted to a learner who opted in (and whose number has not texted STOP).
    const { sms: phone } = await enqueueWithSms(tx, notice);
    return `payment failed (attempt ${invoice.attempt_count}); notice enqueued${phone ? ' (email and SMS)' : ''}`;
  },
};
