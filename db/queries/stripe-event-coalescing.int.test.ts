import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows, setupTestDb } from '@/tests/support/test-db';
import type { Database } from '../client';
import { COALESCE_CAP_FACTOR, recordStripeEvents } from './stripe-events';

// A burst of events about one object should be one batch with one re-read from Stripe.
// Checkout's five or six events come within about a second, and a busy ingest commits a
// delivery some hundreds of milliseconds after its neighbour; with the lane due a fixed
// period after its *first* event, the later ones missed the batch and cost the PaymentIntent
// a read of its own (bench:webhooks: 169 of 1169 batches named an intent without its session).

const getDb = setupTestDb();
let n = 0;

async function record(db: Database, lane: string, coalesceMs: number) {
  n += 1;
  await recordStripeEvents(db, [
    {
      id: `evt_coalesce_${n}`,
      type: 'payment_intent.succeeded',
      objectId: lane,
      lane,
      apiVersion: null,
      livemode: false,
      stripeCreatedAt: new Date(),
      payloadJson: JSON.stringify({ id: `evt_coalesce_${n}`, type: 'payment_intent.succeeded', data: { object: { id: lane } } }),
      coalesceMs,
    },
  ]);
  const [row] = await queryRows<{ due_ms: number; created_ms: number }>(
    db,
    sql`select extract(epoch from next_run_at) * 1000 as due_ms, extract(epoch from created_at) * 1000 as created_ms from stripe_event_lanes where lane = ${lane}`,
  );
  return { due: Number(row?.due_ms), created: Number(row?.created_ms) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('coalescing a burst for one object', () => {
  it('a later event of the burst pushes its lane back, so it joins the batch', async () => {
    const { db } = getDb();
    const first = await record(db, 'pi_coalesce_a', 500);
    await sleep(150);
    const second = await record(db, 'pi_coalesce_a', 500);
    // Due 500 ms after the later event, not 500 ms after the first.
    expect(second.due - first.due).toBeGreaterThanOrEqual(140);
  });

  it('but never more than the cap after the lane’s first event: a steady stream is not held back', async () => {
    const { db } = getDb();
    const first = await record(db, 'pi_coalesce_b', 200);
    let last = first;
    for (let i = 0; i < 6; i++) {
      await sleep(150);
      last = await record(db, 'pi_coalesce_b', 200);
    }
    expect(last.due - first.created).toBeLessThanOrEqual(COALESCE_CAP_FACTOR * 200 + 5);
    expect(last.due).toBeGreaterThan(first.due);
  });

  it('a lane already due stays due, and a lane backing off keeps its backoff', async () => {
    const { db } = getDb();
    const first = await record(db, 'pi_coalesce_c', 0);
    await sleep(20);
    const again = await record(db, 'pi_coalesce_c', 500);
    expect(again.due).toBe(first.due);

    await record(db, 'pi_coalesce_d', 300);
    await db.execute(sql`update stripe_event_lanes set attempts = 1, next_run_at = now() + interval '1 hour' where lane = 'pi_coalesce_d'`);
    const [before] = await queryRows<{ due: string }>(db, sql`select next_run_at::text as due from stripe_event_lanes where lane = 'pi_coalesce_d'`);
    await record(db, 'pi_coalesce_d', 300);
    const [after] = await queryRows<{ due: string }>(db, sql`select next_run_at::text as due from stripe_event_lanes where lane = 'pi_coalesce_d'`);
    expect(after?.due).toBe(before?.due);
  });
});
