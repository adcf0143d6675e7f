import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { stripeEventLanes, stripeEvents } from '@/db/schema';
import { setupTestDb } from '@/tests/support/test-db';
import { handleStripeWebhook } from './ingest';

const getDb = setupTestDb();
const secret = 'whsec_group_commit_test_secret';

function delivery(id: string, type: string, object: Record<string, unknown>) {
  const body = JSON.stringify({ id, object: 'event', api_version: '2026-10-28.endive', created: Math.floor(Date.now() / 1000), livemode: false, type, data: { object } });
  return () =>
    handleStripeWebhook(
      new Request('http://127.0.0.1/api/webhooks/stripe', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret }) },
        body,
      }),
      { db: getDb().db, webhookSecret: secret, coalesceMs: 0 },
    );
}

describe('group commit of webhook ingest', () => {
  it('concurrent deliveries, each event three times, store each event once and queue each lane once', async () => {
    const deliveries = Array.from({ length: 30 }, (_, i) => {
      const pi = `pi_group${Math.floor(i / 3)}`;
      return i % 3 === 0 ? delivery(`evt_group${i}`, 'payment_intent.succeeded', { id: pi, object: 'payment_intent' }) : delivery(`evt_group${i}`, 'charge.succeeded', { id: `ch_group${i}`, object: 'charge', payment_intent: pi });
    });
    const ignored = delivery('evt_group_ignored', 'product.created', { id: 'prod_group', object: 'product' });
    const all = [...deliveries, ...deliveries, ...deliveries, ignored, ignored].sort(() => Math.random() - 0.5);
    const answers = await Promise.all(all.map(async (post) => (await post()).json() as Promise<{ duplicate: boolean; status: string }>));

    expect(answers.filter((a) => !a.duplicate)).toHaveLength(31);
    expect(answers.filter((a) => a.duplicate)).toHaveLength(61);
    const db = getDb().db;
    expect(await db.$count(stripeEvents)).toBe(31);
    expect(await db.$count(stripeEventLanes)).toBe(10);
    const [row] = await db.select().from(stripeEvents).limit(1);
    expect(row?.payload).toMatchObject({ object: 'event', data: { object: { object: expect.any(String) } } });
  });
});
