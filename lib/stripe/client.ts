import Stripe from 'stripe';
import { env, stripeMode } from '@/lib/env';
import { StripeRequestBudget } from './budget';
import { countOperation } from './call-stats';
import { toStripeFailure } from './errors';
import { createBudgetedHttpClient } from './http-client';

/** The API version every request is pinned to; the SDK's types describe exactly this one. */
export const STRIPE_API_VERSION = '2026-10-28.endive' as const;

const SANDBOX_SECRET_KEY = 'sk_test_bursar_sandbox';

/**
 * Defaults well under Stripe's limits (100 requests/s live, 25/s in test mode, 25/s per
 * endpoint), for one process; with several app instances or workers, divide by their number.
 */
export function defaultRequestBudget(mode: typeof stripeMode): { account: number; endpoint: number } {
  return mode === 'live' ? { account: 50, endpoint: 15 } : { account: 15, endpoint: 15 };
}

function createRequestBudget(): StripeRequestBudget {
  const defaults = defaultRequestBudget(stripeMode);
  return new StripeRequestBudget(env.STRIPE_REQUEST_BUDGET ?? defaults.account, env.STRIPE_ENDPOINT_BUDGET ?? defaults.endpoint);
}

function createStripeClient(): Stripe {
  const common = {
    apiVersion: STRIPE_API_VERSION,
    // Network errors, 409s and 5xx are retried by the SDK with the same idempotency key.
    maxNetworkRetries: 2,
    timeout: 10_000,
    httpClient: createBudgetedHttpClient(createRequestBudget()),
    appInfo: { name: 'Bursar', url: 'https://github.com/bursar' },
  } satisfies Stripe.StripeConfig;
  if (stripeMode === 'sandbox') {
    return new Stripe(SANDBOX_SECRET_KEY, { ...common, host: env.STRIPE_SANDBOX_HOST, port: env.STRIPE_SANDBOX_PORT, protocol: 'http' });
  }
  return new Stripe(env.STRIPE_SECRET_KEY as string, common);
}

const globalForStripe = globalThis as unknown as { bursarStripe?: Stripe };

/** The one Stripe client of this process. Only lib/stripe/ calls it (lint-enforced). */
export function getStripe(): Stripe {
  globalForStripe.bursarStripe ??= createStripeClient();
  return globalForStripe.bursarStripe;
}

/** Tests point the process's client at their own sandbox; `undefined` restores the default. */
export function setStripeForTests(stripe: Stripe | undefined): void {
  globalForStripe.bursarStripe = stripe;
}

/** A client like the process's, for tests and tools that talk to a sandbox on another port. */
export function createSandboxClient(port: number, options: { budget?: StripeRequestBudget; maxNetworkRetries?: number; timeout?: number } = {}): Stripe {
  return new Stripe('sk_test_bursar_tests', {
    apiVersion: STRIPE_API_VERSION,
    host: '127.0.0.1',
    port,
    protocol: 'http',
    maxNetworkRetries: options.maxNetworkRetries ?? 0,
    timeout: options.timeout ?? 5_000,
    ...(options.budget ? { httpClient: createBudgetedHttpClient(options.budget) } : {}),
  });
}

/**
 * Runs one named operation: counts its outcome and turns any SDK error into a
 * `StripeFailure` (kind, plain sentence, original error as cause).
 */
export async function stripeCall<T>(operation: string, run: (stripe: Stripe) => Promise<T>): Promise<T> {
  try {
    const result = await run(getStripe());
    countOperation(operation, 'ok');
    return result;
  } catch (error) {
    const failure = toStripeFailure(operation, error);
    countOperation(operation, failure.kind);
    throw failure;
  }
}

export const isStripeSandbox = stripeMode === 'sandbox';
