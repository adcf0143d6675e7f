import type Stripe from 'stripe';
import { stripeCall } from './client';

// Answering disputes: evidence goes to Stripe, which forwards it to the card network.

/**
 * Sends the evidence and submits it (`submit: true`): the dispute moves to under review and
 * cannot be changed again. The idempotency key comes from the admin's form, so a double
 * submit is one submission.
 */
export function submitDisputeEvidence(id: string, evidence: Stripe.DisputeUpdateParams.Evidence, idempotencyKey: string): Promise<Stripe.Dispute> {
  return stripeCall('dispute.update', (stripe) => stripe.disputes.update(id, { evidence, submit: true }, { idempotencyKey }));
}
