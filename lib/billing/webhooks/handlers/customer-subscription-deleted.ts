import type Stripe from 'stripe';
import { findInvoiceByStripeId, findSubscriptionById } from '@/db/queries/subscriptions';
import { enqueueWithSms } from '@/lib/notifications/outbox';
import { subscriptionEnded } from '@/lib/notifications/payloads';
import { fromUnix, idOf } from '../../sync/ids';
import { loadSubscriptionNoticeFacts } from '../subscription-facts';
import { subscriptionTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * The subscription ended; All-Access ends with it. When it ended because the renewal could
 * not be collected (Stripe's final dunning action), the learner gets the last dunning
 * message, once per subscription: access has ended and how to come back.
 */
export const handleCustomerSubscriptionDeleted: WebhookHandler<Stripe.CustomerSubscriptionDeletedEvent> = {
  targets: (event) => subscriptionTarget(event.data.object.id),
  async after(tx, event, outcomes) {
    const object = event.data.object;
    if (object.cancellation_details?.reason !== 'payment_failed') return null;
    const synced = outcomes.subscription(object.id);
    if (!synced || synced.kind !== 'synced' || synced.duplicate) return null;
    const subscription = await findSubscriptionById(tx, synced.subscriptionId);
    if (!subscription) return null;
    const facts = await loadSubscriptionNoticeFacts(tx, subscription);
    if (!facts.learner) return 'ended for non-payment; no local learner to tell';
    const latest = idOf(object.latest_invoice);
    const unpaid = latest ? await findInvoiceByStripeId(tx, latest) : null;
    const notice = subscriptionEnded(facts.learner, {
      stripeSubscriptionId: object.id,
      planName: facts.planName,
      endedAt: fromUnix(object.ended_at) ?? new Date(),
      reason: 'payment_failed',
      amountDue: unpaid && unpaid.status !== 'paid' ? unpaid.amountRemaining || unpaid.amountDue : null,
      currency: unpaid?.currency ?? object.currency,
    });
    const { sms } = await enqueueWithSms(tx, notice);
    return `ended for non-payment; final notice enqueued${sms ? ' (email and SMS)' : ''}`;
  },
};
