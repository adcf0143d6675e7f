import { stripeCall } from './client';

/**
 * The cheapest authenticated read Stripe offers (`GET /v1/balance`): proves the key works and
 * the API answers. The readiness check caches its outcome, so a probe never costs more than
 * one call per cache period whatever the traffic.
 */
export async function pingStripe(): Promise<void> {
  await stripeCall('balance.retrieve', (stripe) => stripe.balance.retrieve());
}
