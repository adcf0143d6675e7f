import type Stripe from 'stripe';
import { raiseAdminAlert } from '@/lib/alerts/alerts';
import { formatMoney } from '../../money';
import { refundsTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * A refund failed: the amount is back on the charge and access follows. The admins are
 * alerted once: the learner is still owed the money and must be paid another way.
 */
export const handleRefundFailed: WebhookHandler<Stripe.RefundFailedEvent> = {
  targets: (event) => refundsTarget(event.data.object.payment_intent, event.data.object.charge),
  async after(tx, event) {
    const refund = event.data.object;
    const raised = await raiseAdminAlert(tx, {
      kind: 'refund_failed',
      dedupeKey: `refund-failed:${refund.id}`,
      title: `Refund failed: ${formatMoney({ amount: refund.amount, currency: refund.currency })}`,
      detail: `Stripe could not return the money (${refund.failure_reason ?? 'no reason given'}); the amount is back on the charge. Refund ${refund.id}: pay the learner another way or retry.`,
      href: '/admin/refunds',
    });
    return raised ? 'admins alerted' : null;
  },
};
