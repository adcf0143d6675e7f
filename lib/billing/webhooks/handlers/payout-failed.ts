import type Stripe from 'stripe';
import { raiseAdminAlert } from '@/lib/alerts/alerts';
import { formatMoney } from '../../money';
import type { WebhookHandler } from '../types';

/**
 * A payout to the store's bank account failed. Nothing local changes (payouts are Stripe's
 * side of the books); the signed event is authentic, and the admins are alerted once with
 * Stripe's reason, because the money waits in the Stripe balance until the bank details are fixed.
 */
export const handlePayoutFailed: WebhookHandler<Stripe.PayoutFailedEvent> = {
  targets: () => [],
  async after(tx, event) {
    const payout = event.data.object;
    const raised = await raiseAdminAlert(tx, {
      kind: 'payout_failed',
      dedupeKey: `payout-failed:${payout.id}`,
      title: `Payout failed: ${formatMoney({ amount: payout.amount, currency: payout.currency })}`,
      detail: `${payout.failure_message ?? 'The bank refused the payout.'} (${payout.failure_code ?? 'no code'}; payout ${payout.id}). Update the bank account in Stripe's dashboard; Stripe retries with the next payout.`,
      href: '/admin/alerts',
    });
    return raised ? 'admins alerted' : 'already alerted';
  },
};
