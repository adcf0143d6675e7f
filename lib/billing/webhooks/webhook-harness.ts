import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '@/db/client';
import type { RunningSandbox } from '@/sandbox/server';
import { handleStripeWebhook } from './handle-request';
import type { WebhookHandlers } from './types';

/**
 * Test support: a tiny HTTP server registered as a webhook endpoint in the test's sandbox,
 * which hands every signed delivery to the route's core exactly as the App Router would.
 * Tests can swap the handler map (to make one fail) and post their own raw requests.
 */
export type WebhookReceiver = {
  url: string;
  secret: string;
  /** Status codes answered, in order. */
  answers: number[];
  setHandlers(handlers: WebhookHandlers | undefined): void;
  /** Posts a raw request to the route's core, as an attacker or a replaying client would. */
  post(body: string, headers: Record<string, string>): Promise<Response>;
  /** A valid Stripe-Signature header for `payload`, optionally at another time. */
  sign(payload: string, timestamp?: number): string;
};

export function setupWebhookReceiver(getDb: () => { db: Database }, getStripe: () => { sandbox: RunningSandbox; stripe: Stripe }): () => WebhookReceiver {
  let server: Server | undefined;
  let state: WebhookReceiver | undefined;
  let handlers: WebhookHandlers | undefined;
  const answers: number[] = [];

  beforeAll(async () => {
    let secret = '';
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
        const request = new Request(`http://127.0.0.1${req.url ?? '/'}`, { method: 'POST', headers, body: Buffer.concat(chunks) });
        const response = await handleStripeWebhook(request, { db: getDb().db, webhookSecret: secret, handlers });
        answers.push(response.status);
        res.writeHead(response.status, { 'content-type': 'application/json' }).end(await response.text());
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/stripe`;
    const { stripe } = getStripe();
    const endpoint = await stripe.webhookEndpoints.create({ url, enabled_events: ['*'] });
    secret = endpoint.secret ?? '';
    state = {
      url,
      secret,
      answers,
      setHandlers: (h) => {
        handlers = h;
      },
      post: (body, extra) =>
        handleStripeWebhook(new Request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...extra }, body }), {
          db: getDb().db,
          webhookSecret: secret,
          handlers,
        }),
      sign: (payload, timestamp) => stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp }),
    };
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });
  return () => {
    if (!state) throw new Error('setupWebhookReceiver: not started yet (use it inside a test)');
    return state;
  };
}

/** Polls until `check` returns a truthy value (the webhooks arrive asynchronously). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`eventually: timed out${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Calls a sandbox control route. */
export async function control<T = unknown>(sandbox: RunningSandbox, path: string, body: unknown = {}): Promise<T> {
  const response = await fetch(`${sandbox.url}/_sandbox/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Waits until the sandbox has no delivery in flight or pending a retry. */
export async function settleDeliveries(sandbox: RunningSandbox): Promise<void> {
  await eventually(async () => {
    await sandbox.idle();
    const response = await fetch(`${sandbox.url}/_sandbox/deliveries?status=pending`);
    const { data } = (await response.json()) as { data: unknown[] };
    return data.length === 0;
  });
  await sandbox.idle();
}
