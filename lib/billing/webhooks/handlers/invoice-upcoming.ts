import type Stripe from 'stripe';
import { findSubscriptionByStripeId } from '@/db/queries/subscriptions';
import { findNotificationSettings } from '@/db/queries/users';
import { enqueueNotification } from '@/lib/notifications/outbox';
import { renewalReminder } from '@/lib/notifications/payloads';
import { wantsEmail } from '@/lib/notifications/preferences';
import { subscriptionOfInvoice } from '../../sync/invoices';
import { fromUnix, idOf } from '../../sync/ids';
import { loadSubscriptionNoticeFacts } from '../subscription-facts';
import type { WebhookHandler } from '../types';

/**
 * A renewal is coming (Stripe sends this days ahead, per the account's "upcoming renewal
 * events" setting). The upcoming invoice is a preview with no id to re-read, so nothing is
 * synced. A yearly subscriber who keeps renewal reminders on gets one reminder per renewal
 * date, with the amount Stripe will charge (after credit and discounts); monthly renewals
 * send none (a monthly email would be noise).
 */
export const handleInvoiceUpcoming: WebhookHandler<Stripe.InvoiceUpcomingEvent> = {
  targets: () => [],
  async after(tx, event) {
    const invoice = event.data.object;
    const summary = `upcoming invoice for ${idOf(invoice.customer) ?? 'unknown customer'}: ${invoice.amount_due} ${invoice.currency}`;
    const stripeSubscriptionId = subscriptionOfInvoice(invoice);
    const subscription = stripeSubscriptionId ? await findSubscriptionByStripeId(tx, stripeSubscriptionId) : null;
    if (!subscription || subscription.duplicateOfId) return summary;
    if (subscription.status !== 'active' || subscription.cancelAtPeriodEnd) return `${summary}; not renewing`;
    const facts = await loadSubscriptionNoticeFacts(tx, subscription);
    if (!facts.learner || facts.interval !== 'year') return `${summary}; no reminder (${facts.interval}ly)`;
    const settings = await findNotificationSettings(tx, facts.learner.userId);
    if (!settings || !wantsEmail(settings.emailPreferences, 'renewalReminders')) return `${summary}; reminders off`;
    const renewsAt = fromUnix(invoice.next_payment_attempt) ?? subscription.currentPeriodEnd;
    if (!renewsAt) return summary;
    await enqueueNotification(
      tx,
      renewalReminder(facts.learner, { stripeSubscriptionId: subscription.stripeSubscriptionId, planName: facts.planName, interval: facts.interval, renewsAt, amount: invoice.amount_due, currency: invoice.currency }),
    );
    return `${summary}; renewal reminder enqueued`;
  },
};
