import type Stripe from 'stripe';
import { stripeCall } from './client';

// PaymentIntents, charges, refunds and disputes: the money facts the ledger mirrors.

/** An intent with its latest charge and that charge's balance transaction (fee, net). */
export function retrievePaymentIntentForSync(id: string): Promise<Stripe.PaymentIntent> {
  return stripeCall('payment_intent.retrieve', (stripe) => stripe.paymentIntents.retrieve(id, { expand: ['latest_charge.balance_transaction'] }));
}

export function retrieveChargeForSync(id: string): Promise<Stripe.Charge> {
  return stripeCall('charge.retrieve', (stripe) => stripe.charges.retrieve(id, { expand: ['balance_transaction'] }));
}

/** Every refund of a charge (a charge has few; 100 is Stripe's page maximum). */
export async function listRefundsOfCharge(chargeId: string): Promise<Stripe.Refund[]> {
  const page = await stripeCall('refund.list', (stripe) => stripe.refunds.list({ charge: chargeId, limit: 100 }));
  return page.data;
}

export function retrieveDispute(id: string): Promise<Stripe.Dispute> {
  return stripeCall('dispute.retrieve', (stripe) => stripe.disputes.retrieve(id));
}

export type RefundRequest = {
  paymentIntentId: string;
  /** Minor units; omitted for the whole remaining amount. */
  amount?: number;
  reason?: Stripe.RefundCreateParams.Reason;
  metadata?: Record<string, string>;
};

export function createRefund(request: RefundRequest, idempotencyKey: string): Promise<Stripe.Refund> {
  return stripeCall('refund.create', (stripe) =>
    stripe.refunds.create(
      { payment_intent: request.paymentIntentId, amount: request.amount, reason: request.reason, metadata: request.metadata },
      { idempotencyKey },
    ),
  );
}
