import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import type { Database } from '@/db/client';
import { seedCourse, seedUser } from '@/db/seed/factories';
import { createCheckoutSession } from '@/lib/billing/checkout';
import { afterAll, beforeAll } from 'vitest';
import { type RunningSandbox, startSandbox, type StartSandboxOptions } from '@bursar/stripe-sandbox';
import { setStripeForTests, STRIPE_API_VERSION } from '@/lib/stripe/client';

/**
 * A real offline Stripe for one test file: the sandbox on a free port with memory-only
 * state, and the app's Stripe client pointed at it. Nothing about Stripe is mocked.
 */
export function setupSandbox(options: StartSandboxOptions = {}): () => { sandbox: RunningSandbox; stripe: Stripe } {
  let state: { sandbox: RunningSandbox; stripe: Stripe } | undefined;
  beforeAll(async () => {
    const sandbox = await startSandbox({ port: 0, dataDir: null, webhookRetryScale: 0.0005, refundSettleMs: 20, disputeOpenMs: 20, ...options });
    const stripe = new Stripe('sk_test_bursar_tests', {
      apiVersion: STRIPE_API_VERSION,
      host: '127.0.0.1',
      port: sandbox.port,
      protocol: 'http',
      maxNetworkRetries: 0,
      timeout: 5_000,
    });
    setStripeForTests(stripe);
    state = { sandbox, stripe };
  });
  afterAll(async () => {
    setStripeForTests(undefined);
    await state?.sandbox.close();
  });
  return () => {
    if (!state) throw new Error('setupSandbox: not started yet (use it inside a test)');
    return state;
  };
}

export type HostedPayment =
  | { method: 'card'; cardNumber: string }
  | { method: 'us_bank_account'; accountNumber: string; routingNumber?: string };

/** Submits the sandbox's hosted Checkout form as a browser would; returns where it redirects. */
export async function payHostedCheckout(checkoutUrl: string, payment: HostedPayment, email = 'buyer@bursar.test'): Promise<{ status: number; location: string | null }> {
  const fields: Record<string, string> =
    payment.method === 'card'
      ? { method: 'card', email, name: 'Test Buyer', cardNumber: payment.cardNumber, expiry: '12 / 34', cvc: '123' }
      : { method: 'us_bank_account', email, name: 'Test Buyer', accountNumber: payment.accountNumber, routingNumber: payment.routingNumber ?? '110000000' };
  const response = await fetch(checkoutUrl, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location') };
}

/**
 * A new learner and a new course, and an open Checkout session for it created by the app's
 * own code (server-side prices): the start of every purchase flow in the tests.
 */
export async function startCoursePurchase(db: Database, currency: 'usd' | 'eur' | 'jpy' = 'usd') {
  const { course } = await seedCourse(db);
  const user = await seedUser(db);
  const { url, sessionId } = await createCheckoutSession(db, { id: user.id, email: user.email, name: user.name }, {
    kind: 'course',
    courseSlug: course.slug,
    currency,
    attemptId: randomUUID(),
  });
  return { user, course, url, sessionId };
}
