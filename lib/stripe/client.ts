import Stripe from 'stripe';
import { env, stripeMode } from '@/lib/env';

/** The API version every request is pinned to; the SDK's types describe exactly this one. */
export const STRIPE_API_VERSION = '2026-10-28.endive' as const;

/**
 * Shared with the sandbox's default endpoint (sandbox/ exports the same constant). Only
 * used when no STRIPE_SECRET_KEY is configured, i.e. against the offline sandbox.
 */
export const SANDBOX_WEBHOOK_SECRET = 'whsec_bursar_sandbox_local_secret';
const SANDBOX_SECRET_KEY = 'sk_test_bursar_sandbox';

function createStripeClient(): Stripe {
  const common = {
    apiVersion: STRIPE_API_VERSION,
    // Network errors and 5xx are retried with the same idempotency key by the SDK.
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: 'Bursar', url: 'https://github.com/bursar' },
  } satisfies Stripe.StripeConfig;
  if (stripeMode === 'sandbox') {
    return new Stripe(SANDBOX_SECRET_KEY, {
      ...common,
      host: env.STRIPE_SANDBOX_HOST,
      port: env.STRIPE_SANDBOX_PORT,
      protocol: 'http',
    });
  }
  return new Stripe(env.STRIPE_SECRET_KEY as string, common);
}

const globalForStripe = globalThis as unknown as { bursarStripe?: Stripe };

/** The one Stripe client of this process. */
export function getStripe(): Stripe {
  globalForStripe.bursarStripe ??= createStripeClient();
  return globalForStripe.bursarStripe;
}

/** Tests point the process's client at their own sandbox; `undefined` restores the default. */
export function setStripeForTests(stripe: Stripe | undefined): void {
  globalForStripe.bursarStripe = stripe;
}

export function getWebhookSecret(): string | undefined {
  return env.STRIPE_WEBHOOK_SECRET ?? (stripeMode === 'sandbox' ? SANDBOX_WEBHOOK_SECRET : undefined);
}

export const isStripeSandbox = stripeMode === 'sandbox';

