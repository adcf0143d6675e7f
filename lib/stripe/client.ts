import Stripe from 'stripe';
import { getDb, readDbEnv } from '@/db/client';
import { grantStripeRequestSlots, releaseStripeRequestSlots } from '@/db/queries/stripe-budget';
import { env, stripeMode } from '@/lib/env';
import { logger } from '@/lib/log';
import { LocalRequestBudget, type RequestBudget, SharedRequestBudget, type SlotStore } from './budget';
import { countOperation } from './call-stats';
import { toStripeFailure } from './errors';
import { createBudgetedHttpClient } from './http-client';

/** The API version every request is pinned to; the SDK's types describe exactly this one. */
export const STRIPE_API_VERSION = '2026-10-28.endive' as const;

const SANDBOX_SECRET_KEY = 'sk_test_bursar_sandbox';

/**
 * Defaults well under Stripe's limits (100 requests/s live, 25/s in test mode, 25/s per
 * endpoint), for the whole deployment: on PostgreSQL every process takes its requests from
 * one shared budget, so they hold whatever the number of app instances and workers.
 */
export function defaultRequestBudget(mode: typeof stripeMode): { account: number; endpoint: number } {
  return mode === 'live' ? { account: 50, endpoint: 15 } : { account: 15, endpoint: 15 };
}

/** The slots of the deployment's budget, in the process's PostgreSQL database. */
export function postgresSlotStore(): SlotStore {
  return {
    grant: async (endpoints, limits) => grantStripeRequestSlots(await getDb(), endpoints, limits),
    release: async (slots) => releaseStripeRequestSlots(await getDb(), slots),
  };
}

/**
 * The process's request budget: on PostgreSQL the deployment's (`SharedRequestBudget`: every
 * app instance and worker on this database draws from one budget of `STRIPE_REQUEST_BUDGET`);
 * on PGlite, one process by construction, the process's own.
 */
export function createRequestBudget(options: { databaseUrl?: string | undefined; store?: SlotStore } = { databaseUrl: readDbEnv().databaseUrl }): RequestBudget {
  const defaults = defaultRequestBudget(stripeMode);
  const account = env.STRIPE_REQUEST_BUDGET ?? defaults.account;
  const endpoint = env.STRIPE_ENDPOINT_BUDGET ?? defaults.endpoint;
  if (!options.databaseUrl && !options.store) return new LocalRequestBudget(account, endpoint);
  return new SharedRequestBudget(account, endpoint, options.store ?? postgresSlotStore(), {
    onError: (err, what) =>
      logger.error({ err, what }, what === 'grant' ? 'Stripe request budget: no slot could be asked for; the request fails and is retried' : 'Stripe request budget: answers could not be marked; their slots free after 30 s'),
  });
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
export function createSandboxClient(port: number, options: { budget?: RequestBudget; maxNetworkRetries?: number; timeout?: number } = {}): Stripe {
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
