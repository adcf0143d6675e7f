import type { PGlite } from '@electric-sql/pglite';
import { eq } from 'drizzle-orm';
import type { Logger } from 'drizzle-orm/logger';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type { Sql } from 'postgres';
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import * as schema from '@/db/schema';
import { enrollments, outbox, payments, stripeEvents } from '@/db/schema';
import { payHostedCheckout, setupSandbox, startCoursePurchase } from '@/tests/support/billing-harness';
import { setupTestDb } from '@/tests/support/test-db';
import { recordAsIngest } from '@/tests/support/webhook-harness';
import { stripeEventHandlers } from './dispatch';
import { laneOf } from './lanes';
import { drainWebhookLanes } from './worker';

// What one purchase costs the worker in database statements: its events (the session, the
// intent, the charge) are processed as one lane batch, and every statement is a round trip, a
// query build and a backend wake-up — at a sustained 200 events/s on a small machine, the
// pipeline's throughput is this number. The count is exact for a given code path (no
// timing): a change that adds statements to the apply step fails here and has to say why.

const getDb = setupTestDb();
const getStripe = setupSandbox();

/** The same database through a drizzle instance that counts the statements it sends. */
function counting(db: Database): { db: Database; statements: string[] } {
  const statements: string[] = [];
  const logger: Logger = { logQuery: (query) => void statements.push(query) };
  const client = (db as unknown as { $client: unknown }).$client;
  const handle = getDb();
  const counted = handle.driver === 'pglite' ? drizzlePglite({ client: client as PGlite, schema, logger }) : drizzlePostgres({ client: client as Sql, schema, logger });
  return { db: counted as unknown as Database, statements };
}

/** The purchase's handled events as the sandbox made them, recorded as ingest records them (due at once). */
async function recordPurchaseEvents(db: Database, since: Set<string>): Promise<Stripe.Event[]> {
  const events: Stripe.Event[] = [];
  for await (const event of getStripe().stripe.events.list({ limit: 100 })) {
    if (!since.has(event.id) && Object.hasOwn(stripeEventHandlers, event.type)) events.push(event);
  }
  events.reverse();
  await recordAsIngest(db, events);
  return events;
}

describe('the apply step of a purchase', () => {
  it('processes the session, intent and charge events of one purchase in one batch of at most 8 statements, effects exactly once', async () => {
    const { db } = getDb();
    const before = new Set<string>();
    for await (const event of getStripe().stripe.events.list({ limit: 100 })) before.add(event.id);
    const { user, url } = await startCoursePurchase(db);
    await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
    const events = await recordPurchaseEvents(db, before);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['checkout.session.completed', 'payment_intent.succeeded', 'charge.succeeded']));
    expect(new Set(events.map((e) => laneOf(e))).size).toBe(1);

    const { db: countingDb, statements } = counting(db);
    const report = await drainWebhookLanes(countingDb, { workerId: 'cost-test', concurrency: 1, leaseSeconds: 30, budgetMs: 10_000 });
    expect(report).toMatchObject({ lanes: 1, processed: events.length, failed: 0, dead: 0 });

    // The effects, exactly once.
    const [payment] = await db.select().from(payments).where(eq(payments.userId, user.id));
    expect(payment).toMatchObject({ status: 'succeeded', cardLast4: '4242', fee: 172 });
    expect(payment?.customerId).not.toBeNull();
    const granted = await db.select().from(enrollments).where(eq(enrollments.userId, user.id));
    expect(granted.map((e) => [e.status, e.paymentId])).toEqual([['active', payment?.id]]);
    const receipts = await db.select().from(outbox).where(eq(outbox.userId, user.id));
    expect(receipts.map((m) => m.template)).toEqual(['purchase-receipt']);
    const processed = await db.select().from(stripeEvents).where(eq(stripeEvents.lane, laneOf(events[0]!)!));
    expect(processed.map((e) => e.status)).toEqual(events.map(() => 'processed'));

    // Two claims (the batch's, and the one that finds nothing left) and the batch's statements:
    // the lease check with the PaymentIntent lock, the session's lock and write (with the
    // purchase lock), the payment inserted as read (with the first-payment rollup), the grant,
    // the receipt, the events marked. Before this budget, the same batch took 34: the
    // PaymentIntent lock taken three times, the payment row read seven times and the session
    // four, the whole payment applied twice; then 14, until the lock, grant and rollup
    // statements were folded into their neighbours and a new payment row was inserted as read.
    expect(statements.length, statements.join('\n')).toBeLessThanOrEqual(8);
  });
});
