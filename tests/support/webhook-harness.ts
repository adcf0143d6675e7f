import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Database } from '@/db/client';
import { readWebhookBacklog, recordStripeEvents } from '@/db/queries/stripe-events';
import { stripeEvents } from '@/db/schema';
import { handleStripeWebhook } from '@/lib/billing/webhooks/ingest';
import { laneOf } from '@/lib/billing/webhooks/lanes';
import type { LaneProcessingOptions } from '@/lib/billing/webhooks/process-lane';
import type { WebhookHandlers } from '@/lib/billing/webhooks/types';
import { drainWebhookLanes } from '@/lib/billing/webhooks/worker';
import { runDueQueuedJobs } from '@/lib/jobs/queue';
import { signTestPayload } from '@/lib/stripe/webhooks';
import type { RunningSandbox } from '@bursar/stripe-sandbox';

/**
 * Test support: the pipeline as production runs it. A tiny HTTP server, registered as a
 * webhook endpoint in the test's sandbox, hands every signed delivery to the route's core
 * (ingest: verify, record, 200); a worker loop in the test process drains the lanes and the
 * queued jobs (unless `queuedJobs: false`), as the in-process jobs do in the app. Tests can swap the handler map (to make
 * one fail) and post their own raw requests.
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
  /** Resolves when no event waits or is being retried and no queued job is due. */
  idle(): Promise<void>;
};

export type ReceiverOptions = Omit<LaneProcessingOptions, 'handlers'> & {
  workers?: number;
  coalesceMs?: number;
  batchSize?: number;
  /**
   * false: the background loop (and `idle`) drain the webhook lanes only and leave the `jobs`
   * queue alone, for a test that runs queued jobs itself and counts what its own run claimed.
   * On PostgreSQL the loop really runs beside the test and would claim them first. Default true.
   */
  queuedJobs?: boolean;
};

let pipelineIdle: (() => Promise<void>) | null = null;

export function setupWebhookReceiver(getDb: () => { db: Database }, getStripe: () => { sandbox: RunningSandbox; stripe: Stripe }, options: ReceiverOptions = {}): () => WebhookReceiver {
  let server: Server | undefined;
  let state: WebhookReceiver | undefined;
  let handlers: WebhookHandlers | undefined;
  let stopped = false;
  let loop: Promise<void> | undefined;
  const answers: number[] = [];

  const ingest = (request: Request, secret: string) =>
    handleStripeWebhook(request, { db: getDb().db, webhookSecret: secret, handlers, coalesceMs: options.coalesceMs ?? 0 });

  const drainOnce = async () => {
    const db = getDb().db;
    const lanes = await drainWebhookLanes(db, {
      workerId: 'test-worker',
      concurrency: options.workers ?? 4,
      leaseSeconds: 30,
      budgetMs: 5_000,
      retryDelayMs: options.retryDelayMs ?? (() => 20),
      maxAttempts: options.maxAttempts,
      batchSize: options.batchSize,
      handlers,
    });
    if (options.queuedJobs === false) return lanes.lanes;
    const jobs = await runDueQueuedJobs(db, { workerId: 'test-worker' });
    return lanes.lanes + jobs.claimed;
  };

  beforeAll(async () => {
    let secret = '';
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
        const response = await ingest(new Request(`http://127.0.0.1${req.url ?? '/'}`, { method: 'POST', headers, body: Buffer.concat(chunks) }), secret);
        answers.push(response.status);
        res.writeHead(response.status, { 'content-type': 'application/json' }).end(await response.text());
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/stripe`;
    const { stripe } = getStripe();
    const endpoint = await stripe.webhookEndpoints.create({ url, enabled_events: ['*'] });
    secret = endpoint.secret ?? '';
    loop = (async () => {
      while (!stopped) {
        const worked = await drainOnce().catch(() => 0);
        if (!worked) await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const idle = async () => {
      await eventually(async () => {
        const backlog = await readWebhookBacklog(getDb().db);
        return backlog.waiting + backlog.failing === 0 && (await drainOnce()) === 0;
      });
    };
    pipelineIdle = idle;
    state = {
      url,
      secret,
      answers,
      setHandlers: (h) => {
        handlers = h;
      },
      post: (body, extra) => ingest(new Request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...extra }, body }), secret),
      sign: (payload, timestamp) => signTestPayload(payload, secret, timestamp),
      idle,
    };
  });
  afterAll(async () => {
    stopped = true;
    pipelineIdle = null;
    await loop;
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

async function sandboxQuiet(sandbox: RunningSandbox): Promise<boolean> {
  await sandbox.idle();
  const response = await fetch(`${sandbox.url}/_sandbox/deliveries?status=pending`);
  const { data } = (await response.json()) as { data: unknown[] };
  return data.length === 0;
}

/**
 * After each test: the sandbox's deliveries settle and no event ended `failed` — a handler error
 * is the test's failure, not a retry to overlook.
 */
export function expectNoFailedEventsAfterEach(getDb: () => { db: Database }, getStripe: () => { sandbox: RunningSandbox }): void {
  afterEach(async () => {
    await settleDeliveries(getStripe().sandbox);
    const failed = await getDb().db.select().from(stripeEvents).where(eq(stripeEvents.status, 'failed'));
    expect(failed.map((e) => `${e.type}: ${e.lastError}`)).toEqual([]);
  });
}

/**
 * Waits until the sandbox has no delivery in flight or pending a retry, and the pipeline has
 * processed everything it received (processing can make Stripe calls that emit more events,
 * so both are checked until both are quiet at once).
 */
export async function settleDeliveries(sandbox: RunningSandbox): Promise<void> {
  await eventually(async () => {
    if (!(await sandboxQuiet(sandbox))) return false;
    await pipelineIdle?.();
    return sandboxQuiet(sandbox);
  }, 30_000);
}

/** Events recorded in one statement as the webhook route records them (handled types; due after `coalesceMs`), without a delivery. */
export async function recordAsIngest(db: Database, events: Stripe.Event[], coalesceMs = 0): Promise<void> {
  await recordStripeEvents(
    db,
    events.map((event) => ({
      id: event.id,
      type: event.type,
      objectId: (event.data.object as { id?: string }).id ?? null,
      lane: laneOf(event),
      apiVersion: event.api_version ?? null,
      livemode: event.livemode,
      stripeCreatedAt: new Date(event.created * 1000),
      payloadJson: JSON.stringify(event),
      coalesceMs,
    })),
  );
}
