import { getTableName, sql } from 'drizzle-orm';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { auditLog, checkoutSessions, customers, disputes, enrollments, invoices, jobs, outbox, paymentMethods, payments, refunds, stripeEventLanes, stripeEvents, subscriptions } from '@/db/schema';
import { setupTestDb } from '@/tests/support/test-db';
import { handleStripeWebhook, MAX_WEBHOOK_BODY_BYTES } from './ingest';

const getDb = setupTestDb();
const secret = 'whsec_bad_requests_test_secret';
const url = 'http://127.0.0.1/api/webhooks/stripe';

const tables = [stripeEvents, stripeEventLanes, jobs, payments, refunds, disputes, subscriptions, invoices, paymentMethods, customers, checkoutSessions, enrollments, outbox, auditLog];

/** Row counts of every table a webhook can write. */
async function snapshot() {
  const counts: Record<string, number> = {};
  for (const table of tables) counts[getTableName(table)] = await getDb().db.$count(table);
  return counts;
}

function eventBody(overrides: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return JSON.stringify({
    id: `evt_test_${Math.random().toString(36).slice(2)}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: now,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    // A type we do not handle, so the valid control request needs no Stripe.
    type: 'product.created',
    data: { object: { id: 'prod_test', object: 'product', name: 'x' } },
    ...overrides,
  });
}

const sign = (payload: string, options: { timestamp?: number; secret?: string } = {}) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? secret, timestamp: options.timestamp });

async function post(body: string | ReadableStream<Uint8Array>, headers: Record<string, string>, deps: { webhookSecret?: string | undefined } = { webhookSecret: secret }) {
  const init: RequestInit & { duplex?: 'half' } = { method: 'POST', headers, body, duplex: 'half' };
  return handleStripeWebhook(new Request(url, init), { db: getDb().db, ...deps });
}

async function expectRejected(response: Response, status: number, code: string, before: Record<string, number>) {
  expect(response.status).toBe(status);
  expect(await response.json()).toEqual({ error: { code, message: expect.any(String) } });
  expect(await snapshot()).toEqual(before);
}

describe('requests the webhook route refuses, writing nothing', () => {
  it('accepts a correctly signed event (the control case) and stores an unhandled type as ignored', async () => {
    const body = eventBody();
    const response = await post(body, { 'stripe-signature': sign(body) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, duplicate: false, status: 'ignored' });
    const [row] = await getDb().db.select().from(stripeEvents).where(sql`${stripeEvents.id} = ${JSON.parse(body).id}`);
    expect(row).toMatchObject({ status: 'ignored', type: 'product.created', objectId: 'prod_test' });
  });

  it('a missing signature → 400', async () => {
    const before = await snapshot();
    await expectRejected(await post(eventBody(), {}), 400, 'missing_signature', before);
  });

  it('a forged signature (another secret) → 400', async () => {
    const before = await snapshot();
    const body = eventBody();
    await expectRejected(await post(body, { 'stripe-signature': sign(body, { secret: 'whsec_attacker' }) }), 400, 'invalid_signature', before);
  });

  it('a stale timestamp (older than 300 s) → 400', async () => {
    const before = await snapshot();
    const body = eventBody();
    const old = Math.floor(Date.now() / 1000) - 301;
    await expectRejected(await post(body, { 'stripe-signature': sign(body, { timestamp: old }) }), 400, 'invalid_signature', before);
  });

  it('a timestamp more than 300 s in the future → 400 (a pre-signed capture for later replay)', async () => {
    const before = await snapshot();
    const body = eventBody();
    const future = Math.floor(Date.now() / 1000) + 301;
    await expectRejected(await post(body, { 'stripe-signature': sign(body, { timestamp: future }) }), 400, 'invalid_signature', before);
    // Within the tolerance either way is fine (clocks differ by a little).
    const soon = eventBody();
    expect((await post(soon, { 'stripe-signature': sign(soon, { timestamp: Math.floor(Date.now() / 1000) + 60 }) })).status).toBe(200);
  });

  it('out-of-range envelope fields → 400 naming the field, nothing written', async () => {
    for (const [overrides, field] of [
      [{ created: -99999999999 }, 'created'],
      [{ created: 1e12 }, 'created'],
      [{ created: 1.5e9 + 0.5 }, 'created'],
      [{ id: 'evt_' + 'x'.repeat(300) }, 'id'],
      [{ id: 'not-an-event' }, 'id'],
      [{ type: 'DROP TABLE' }, 'type'],
      [{ livemode: 'yes' }, 'livemode'],
      [{ data: { object: 'prod_test' } }, 'data.object'],
    ] as const) {
      const before = await snapshot();
      const body = eventBody(overrides);
      const response = await post(body, { 'stripe-signature': sign(body) });
      expect(response.status, JSON.stringify(overrides)).toBe(400);
      const answer = (await response.json()) as { error: { code: string; message: string } };
      expect(answer.error.code).toBe('invalid_event');
      expect(answer.error.message).toContain(field);
      expect(await snapshot()).toEqual(before);
    }
  });

  it('a handled type is recorded and queued in its lane, and nothing else runs in the request', async () => {
    const body = eventBody({ type: 'payment_intent.succeeded', data: { object: { id: 'pi_lane_test', object: 'payment_intent' } } });
    const before = await snapshot();
    const response = await post(body, { 'stripe-signature': sign(body) });
    expect(await response.json()).toEqual({ received: true, duplicate: false, status: 'queued' });
    const after = await snapshot();
    expect(after).toEqual({ ...before, stripe_events: before.stripe_events! + 1, stripe_event_lanes: before.stripe_event_lanes! + 1 });
    const [row] = await getDb().db.select().from(stripeEvents).where(sql`${stripeEvents.id} = ${JSON.parse(body).id}`);
    expect(row).toMatchObject({ status: 'received', lane: 'pi_lane_test', attempts: 0 });
    // The same delivery again: 200, no second row, nothing queued twice.
    const again = await post(body, { 'stripe-signature': sign(body) });
    expect(await again.json()).toEqual({ received: true, duplicate: true, status: 'queued' });
    expect(await snapshot()).toEqual(after);
  });

  it('a body altered after signing → 400', async () => {
    const before = await snapshot();
    const body = eventBody({ type: 'product.created' });
    const tampered = body.replace('"product.created"', '"charge.refunded"');
    expect(tampered).not.toBe(body);
    await expectRejected(await post(tampered, { 'stripe-signature': sign(body) }), 400, 'invalid_signature', before);
  });

  it('malformed JSON, even correctly signed → 400', async () => {
    const before = await snapshot();
    const body = '{"id": "evt_1", "type": ';
    await expectRejected(await post(body, { 'stripe-signature': sign(body) }), 400, 'malformed_payload', before);
  });

  it('signed JSON that is not an event → 400', async () => {
    const before = await snapshot();
    const body = JSON.stringify({ hello: 'world' });
    await expectRejected(await post(body, { 'stripe-signature': sign(body) }), 400, 'invalid_event', before);
  });

  it('a 2 MB body → 413, by Content-Length and, without one, by the streaming cap', async () => {
    const before = await snapshot();
    const big = eventBody({ data: { object: { id: 'prod_big', object: 'product', name: 'x'.repeat(2 * 1024 * 1024) } } });
    expect(big.length).toBeGreaterThan(MAX_WEBHOOK_BODY_BYTES);
    const signature = sign(big);
    await expectRejected(await post(big, { 'stripe-signature': signature, 'content-length': String(big.length) }), 413, 'payload_too_large', before);

    // A chunked body with no (or a lying) Content-Length is cut off once it passes 1 MB.
    let pulled = 0;
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        if (pulled > 4 * MAX_WEBHOOK_BODY_BYTES) controller.close();
        else controller.enqueue(chunk);
      },
    });
    await expectRejected(await post(stream, { 'stripe-signature': signature }), 413, 'payload_too_large', before);
    expect(pulled).toBeLessThan(2 * MAX_WEBHOOK_BODY_BYTES);
  });

  it('no configured secret → 500, before reading anything', async () => {
    const before = await snapshot();
    const body = eventBody();
    await expectRejected(await post(body, { 'stripe-signature': sign(body) }, { webhookSecret: undefined }), 500, 'webhook_secret_missing', before);
  });
});
