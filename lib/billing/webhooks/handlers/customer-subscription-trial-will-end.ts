import type Stripe from 'stripe';
import { findSubscriptionById } from '@/db/queries/subscriptions';
import { enqueueNotification } from '@/lib/notifications/outbox';
import { trialEnding } from '@/lib/notifications/payloads';
import { fromUnix } from '../../sync/ids';
import { loadSubscriptionNoticeFacts } from '../subscription-facts';
import { subscriptionTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * The trial ends in three days. Card networks require telling the learner before a trial
 * converts to a paid plan, so this is sent whatever the reminder settings say; once per
 * subscription and trial end (a moved trial end is a new notice).
 */
export const handleCustomerSubscriptionTrialWillEnd: WebhookHandler<Stripe.CustomerSubscriptionTrialWillEndEvent> = {
  targets: (event) => subscriptionTarget(event.data.object.id),
  async after(tx, event, outcomes) {
    const object = event.data.object;
    const trialEndsAt = fromUnix(object.trial_end);
    const synced = outcomes.subscription(object.id);
    if (!trialEndsAt || !synced || synced.kind !== 'synced' || synced.duplicate) return null;
    if (synced.status !== 'trialing') return `trial already over (${synced.status})`;
    const subscription = await findSubscriptionById(tx, synced.subscriptionId);
    if (!subscription) return null;
    const facts = await loadSubscriptionNoticeFacts(tx, subscription);
    if (!facts.learner || !facts.price) return 'trial ending; no learner or price to tell about';
    await enqueueNotification(
      tx,
      trialEnding(facts.learner, { stripeSubscriptionId: object.id, planName: facts.planName, trialEndsAt, amount: facts.price.unitAmount, currency: facts.price.currency }),
    );
    return 'trial ends soon; notice enqueued';
  },
};
