import type Stripe from 'stripe';
import { enqueueWithSms } from '@/lib/notifications/outbox';
import { paymentActionRequired } from '@/lib/notifications/payloads';
import { pastDueGraceEnd } from '../../access';
import { loadInvoiceNoticeFacts } from '../subscription-facts';
import { invoiceTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * A renewal needs 3-D Secure. Stripe does not retry these: the learner gets one email (and a
 * text if they opted in) with the hosted invoice page, where they confirm. A first invoice
 * belongs to a buyer still on Checkout, who confirms there.
 */
export const handleInvoicePaymentActionRequired: WebhookHandler<Stripe.InvoicePaymentActionRequiredEvent> = {
  targets: (event) => invoiceTarget(event.data.object.id),
  async after(tx, event, outcomes) {
    const synced = outcomes.invoice(event.data.object.id);
    if (!synced) return null;
    const { invoice } = synced;
    if (invoice.billing_reason === 'subscription_create') return 'first payment needs action (buyer is on Checkout)';
    if (invoice.status !== 'open' || !invoice.hosted_invoice_url) return `needs action, but the invoice is ${invoice.status}`;
    const facts = await loadInvoiceNoticeFacts(tx, synced);
    if (!facts.learner) return 'needs action; no local learner to tell';
    const notice = paymentActionRequired(facts.learner, {
      stripeInvoiceId: invoice.id,
      itemTitle: facts.planName,
      amount: invoice.amount_due,
      currency: invoice.currency,
      confirmUrl: invoice.hosted_invoice_url,
      accessEndsAt: facts.subscription ? pastDueGraceEnd(facts.subscription) : null,
    });
    const { sms: phone } = await enqueueWithSms(tx, notice);
    return `3-D Secure needed; notice enqueued${phone ? ' (email and SMS)' : ''}`;
  },
};
