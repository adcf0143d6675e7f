import type Stripe from 'stripe';
import { findDisputeAlertFacts } from '@/db/queries/alerts';
import { raiseAdminAlert } from '@/lib/alerts/alerts';
import { formatMoney } from '../../money';
import { disputeTarget } from '../target-of';
import type { WebhookHandler } from '../types';

const DAY_MS = 24 * 60 * 60 * 1000;
const day = (date: Date) => date.toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

/**
 * A chargeback or inquiry was opened: the dispute and its payment converge, and the admins
 * are alerted once with the amount, the reason and the response deadline.
 */
export const handleChargeDisputeCreated: WebhookHandler<Stripe.ChargeDisputeCreatedEvent> = {
  targets: (event) => disputeTarget(event.data.object.id, event.data.object.payment_intent),
  async after(tx, event) {
    const dispute = await findDisputeAlertFacts(tx, event.data.object.id);
    if (!dispute) return null;
    const amount = formatMoney({ amount: dispute.amount, currency: dispute.currency });
    const due = dispute.evidenceDueBy;
    const daysLeft = due ? Math.max(0, Math.ceil((due.getTime() - Date.now()) / DAY_MS)) : null;
    const raised = await raiseAdminAlert(tx, {
      kind: 'dispute_opened',
      dedupeKey: `dispute-opened:${dispute.stripeDisputeId}`,
      title: `Dispute opened: ${amount} (${dispute.reason.replaceAll('_', ' ')})`,
      detail: due ? `Respond by ${day(due)} (${daysLeft} day${daysLeft === 1 ? '' : 's'} left). Evidence is pre-filled from the learner's activity.` : 'Respond in the dashboard.',
      href: `/admin/disputes/${dispute.id}`,
    });
    return raised ? 'admins alerted' : null;
  },
};
