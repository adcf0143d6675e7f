import type Stripe from 'stripe';
import { enqueueNotification, enqueueWithSms } from '@/lib/notifications/outbox';
import { paymentRecovered, renewalReceipt, subscriptionStarted } from '@/lib/notifications/payloads';
import { loadInvoiceNoticeFacts } from '../subscription-facts';
import { invoiceTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * An invoice was paid. The first one of a subscription sends the welcome receipt
 * (`subscription-started:<subscription>`), each renewal a renewal receipt
 * (`renewal:<invoice>`), both with the paying payment's receipt number and link. A duplicate
 * subscription sends nothing here: it gets its own notice when it is refunded.
 */
export const handleInvoicePaid: WebhookHandler<Stripe.InvoicePaidEvent> = {
  targets: (event) => invoiceTarget(event.data.object.id),
  async after(tx, event, outcomes) {
    const synced = outcomes.invoice(event.data.object.id);
    if (!synced) return null;
    const reason = synced.invoice.billing_reason;
    if (reason !== 'subscription_create' && reason !== 'subscription_cycle') return `paid (${reason ?? 'no reason'})`;
    const facts = await loadInvoiceNoticeFacts(tx, synced);
    if (!facts.learner || !facts.subscription) return 'paid; no local learner to send a receipt to';
    if (facts.subscription.duplicateOfId) return 'paid; duplicate subscription, no receipt';
    const notice =
      reason === 'subscription_create'
        ? subscriptionStarted(
            facts.learner,
            { stripeSubscriptionId: facts.subscription.stripeSubscriptionId, planName: facts.planName, interval: facts.interval, renewsAt: facts.subscription.currentPeriodEnd },
            facts.invoice,
            facts.payment,
          )
        : renewalReceipt(facts.learner, facts.planName, facts.invoice, facts.payment);
    const { enqueued } = await enqueueNotification(tx, notice);
    // A renewal paid after failed attempts ends dunning: the learner hears it is sorted out.
    const failedAttempts = synced.invoice.attempt_count - 1;
    if (reason === 'subscription_cycle' && failedAttempts > 0) {
      const recovered = paymentRecovered(facts.learner, facts.planName, facts.invoice, facts.payment, failedAttempts);
      await enqueueWithSms(tx, recovered);
    }
    return `${reason === 'subscription_create' ? 'first invoice' : 'renewal'} paid${enqueued ? '; receipt enqueued' : ''}${failedAttempts > 0 ? `; recovered after ${failedAttempts} failed attempt(s)` : ''}`;
  },
};
