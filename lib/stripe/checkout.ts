import type Stripe from 'stripe';
import { stripeCall } from './client';

// Checkout Sessions: what Bursar asks Stripe to sell, and what fulfillment reads back.

export function createCheckoutSession(params: Stripe.Checkout.SessionCreateParams, idempotencyKey: string): Promise<Stripe.Checkout.Session> {
  return stripeCall('checkout.create', (stripe) => stripe.checkout.sessions.create(params, { idempotencyKey }));
}

/**
 * A session with everything fulfillment mirrors in one request: its PaymentIntent with the
 * latest charge and that charge's balance transaction (fee, net), and the promotion code a
 * discount came from (its code as the learner typed it, for the receipt).
 */
export function retrieveCheckoutSessionForSync(id: string): Promise<Stripe.Checkout.Session> {
  return stripeCall('checkout.retrieve', (stripe) =>
    stripe.checkout.sessions.retrieve(id, { expand: ['payment_intent.latest_charge.balance_transaction', 'discounts.promotion_code'] }),
  );
}

/** Closes an open session so it can no longer be paid (Stripe refuses unless it is open). */
export function expireCheckoutSession(id: string, idempotencyKey: string): Promise<Stripe.Checkout.Session> {
  return stripeCall('checkout.expire', (stripe) => stripe.checkout.sessions.expire(id, {}, { idempotencyKey }));
}

/** The Checkout session a PaymentIntent was created by, if any. */
export async function findCheckoutSessionIdForIntent(paymentIntentId: string): Promise<string | null> {
  const found = await stripeCall('checkout.list_by_intent', (stripe) => stripe.checkout.sessions.list({ payment_intent: paymentIntentId, limit: 1 }));
  return found.data[0]?.id ?? null;
}
