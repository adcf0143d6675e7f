import type { PGlite } from '@electric-sql/pglite';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Logger } from 'drizzle-orm/logger';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type { Sql } from 'postgres';
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import * as schema from '@/db/schema';
import { customerFirstPayments, enrollments, mailboxMessages, outbox, payments, stripeEvents } from '@/db/schema';
import { deliverDueNotifications } from '@/lib/notifications/worker';
import { payHostedCheckout, setupSandbox, startCoursePurchase } from '@/tests/support/billing-harness';
import { queryRows, setupTestDb } from '@/tests/support/test-db';
import { recordAsIngest } from '@/tests/support/webhook-harness';
import { stripeEventHandlers } from './dispatch';
import { drainWebhookLanes } from './worker';

// What the worker costs the database per processed event, end to end: the lane claims, the
// batches' transactions, and the outbox delivery of the receipts they queue. Every statement is
// a round trip, a query build in the worker and a backend wake-up; at a sustained 200 events/s
// on a small machine these counts are the pipeline's CPU. Exact for a given code path (no timing).

const getDb = setupTestDb();
const getStripe = setupSandbox();

type Counted = { db: Database; statements: string[]; transactions: () => number };

/** The same database through a drizzle instance that counts statements and transactions (top-level, and statements outside one). */
function counting(db: Database): Counted {
  const statements: string[] = [];
  let open = 0;
  let transactions = 0;
  const logger: Logger = {
    logQuery: (query) => {
      statements.push(query);
      if (open === 0) transactions += 1; // autocommit: a transaction of its own
    },
  };
  const client = (db as unknown as { $client: unknown }).$client;
  const counted = (getDb().driver === 'pglite' ? drizzlePglite({ client: client as PGlite, schema, logger }) : drizzlePostgres({ client: client as Sql, schema, logger })) as unknown as Database;
  const transaction = counted.transaction.bind(counted);
  counted.transaction = (async (run: Parameters<Database['transaction']>[0], config?: Parameters<Database['transaction']>[1]) => {
    open += 1;
    transactions += 1;
    try {
      return await transaction(run, config);
    } finally {
      open -= 1;
    }
  }) as Database['transaction'];
  return { db: counted, statements, transactions: () => transactions };
}

async function purchase(): Promise<{ userId: string; events: Stripe.Event[] }> {
  const { db } = getDb();
  const before = new Set<string>();
  for await (const event of getStripe().stripe.events.list({ limit: 100 })) before.add(event.id);
  const { user, url } = await startCoursePurchase(db);
  await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
  const events: Stripe.Event[] = [];
  for await (const event of getStripe().stripe.events.list({ limit: 100 })) {
    if (!before.has(event.id) && Object.hasOwn(stripeEventHandlers, event.type)) events.push(event);
  }
  return { userId: user.id, events: events.reverse() };
}

async function record(events: Stripe.Event[]) {
  await recordAsIngest(getDb().db, events);
}

/** Statement texts by count, most frequent first (printed when a budget is exceeded). */
function histogram(statements: string[]): string {
  const counts = new Map<string, number>();
  for (const s of statements) counts.set(s.replace(/\s+/g, ' ').slice(0, 160), (counts.get(s.replace(/\s+/g, ' ').slice(0, 160)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([s, n]) => `${n}× ${s}`).join('\n');
}

describe('the worker per processed event', () => {
  it('counts the statements and transactions of purchases processed in one batch each, in split batches, and their receipts delivered', async () => {
    const { db } = getDb();
    const whole = [await purchase(), await purchase(), await purchase()];
    const split = [await purchase(), await purchase()];
    const report: string[] = [];

    // Each purchase's three events in one lane batch (the usual case with coalescing): three lanes claimed together.
    await record(whole.flatMap((p) => p.events));
    let counted = counting(db);
    let drained = await drainWebhookLanes(counted.db, { workerId: 'cost-test', concurrency: 4, leaseSeconds: 30, budgetMs: 10_000 });
    const wholeEvents = whole.reduce((n, p) => n + p.events.length, 0);
    expect(drained).toMatchObject({ lanes: 3, processed: wholeEvents, failed: 0, dead: 0 });
    report.push(`whole batches: ${counted.statements.length} statements, ${counted.transactions()} transactions for ${wholeEvents} events`);
    const wholeCounts = { statements: counted.statements.length, transactions: counted.transactions(), histogram: histogram(counted.statements) };

    // The session's event first, its intent's and charge's in a later batch of their own.
    await record(split.flatMap((p) => p.events.filter((e) => e.type.startsWith('checkout.'))));
    await drainWebhookLanes(db, { workerId: 'cost-test', concurrency: 4, leaseSeconds: 30, budgetMs: 10_000 });
    await record(split.flatMap((p) => p.events.filter((e) => !e.type.startsWith('checkout.'))));
    counted = counting(db);
    drained = await drainWebhookLanes(counted.db, { workerId: 'cost-test', concurrency: 1, leaseSeconds: 30, budgetMs: 10_000 });
    const laterEvents = split.reduce((n, p) => n + p.events.filter((e) => !e.type.startsWith('checkout.')).length, 0);
    expect(drained).toMatchObject({ lanes: 2, processed: laterEvents, failed: 0, dead: 0 });
    report.push(`intent batches without their session: ${counted.statements.length} statements, ${counted.transactions()} transactions for ${laterEvents} events`);
    const splitCounts = { statements: counted.statements.length, transactions: counted.transactions(), histogram: histogram(counted.statements) };

    // The five receipts, delivered by one run of the outbox job.
    counted = counting(db);
    const delivered = await deliverDueNotifications(counted.db, { workerId: 'cost-test', limit: 50 });
    expect(delivered).toMatchObject({ claimed: 5, sent: 5, retrying: 0, failed: 0 });
    report.push(`outbox: ${counted.statements.length} statements, ${counted.transactions()} transactions for ${delivered.sent} receipts`);
    const outboxCounts = { statements: counted.statements.length, transactions: counted.transactions(), histogram: histogram(counted.statements) };
    const detail = `${report.join('\n')}\n--- whole\n${wholeCounts.histogram}\n--- split\n${splitCounts.histogram}\n--- outbox\n${outboxCounts.histogram}`;
    if (process.env.WORKER_COST_VERBOSE) console.log(detail);
    // Budgets, exact for these code paths. Before they were set (main at a4629fb): 40 statements
    // in 7 transactions for the whole batches, 19 in 7 for the split ones, 17 in 16 for the
    // receipts. Per lane batch: its claim, the lease check with the PaymentIntent lock, the
    // session (with the purchase lock), the payment inserted as read, the grant, the receipt,
    // the events marked; the last claim finds nothing. Per receipt batch: the claim, the store
    // settings, one mailbox insert per receipt, the marks.
    expect(wholeCounts.statements, detail).toBeLessThanOrEqual(22);
    expect(wholeCounts.transactions, detail).toBeLessThanOrEqual(7);
    expect(splitCounts.statements, detail).toBeLessThanOrEqual(15);
    expect(splitCounts.transactions, detail).toBeLessThanOrEqual(7);
    expect(outboxCounts.statements, detail).toBeLessThanOrEqual(8);
    expect(outboxCounts.transactions, detail).toBeLessThanOrEqual(8);

    // The effects, exactly once each.
    const userIds = [...whole, ...split].map((p) => p.userId);
    const paid = await db.select().from(payments).where(inArray(payments.userId, userIds));
    expect(paid.map((p) => p.status)).toEqual(userIds.map(() => 'succeeded'));
    // The "new customers" rollup, written by the payment's own update: each learner's first captured payment.
    const firsts = await db.select().from(customerFirstPayments).where(inArray(customerFirstPayments.userId, userIds));
    expect(firsts.map((f) => [f.userId, f.paymentId, f.currency, f.firstPaidAt.getTime()]).sort()).toEqual(
      paid.map((p) => [p.userId, p.id, 'usd', p.succeededAt?.getTime()]).sort(),
    );
    // The overview's rollups (triggers at commit) count each payment once, as succeeded: the same
    // whether its row was inserted and then updated, or inserted as the read left it.
    const outcomes = await queryRows<{ status: string; count: string | number; amount: string | number }>(
      db,
      sql`select status, sum(count) as count, sum(amount) as amount from payment_outcomes_daily group by status having sum(count) <> 0 or sum(amount) <> 0`,
    );
    expect(outcomes.map((o) => [o.status, Number(o.count), Number(o.amount)])).toEqual([['succeeded', userIds.length, paid.reduce((n, p) => n + p.amount, 0)]]);
    const [revenue] = await queryRows<{ count: string | number; amount: string | number }>(db, sql`select sum(gross_count) as count, sum(gross_amount) as amount from revenue_daily`);
    expect([Number(revenue?.count), Number(revenue?.amount)]).toEqual([userIds.length, paid.reduce((n, p) => n + p.amount, 0)]);
    const granted = await db.select().from(enrollments).where(inArray(enrollments.userId, userIds));
    expect(granted).toHaveLength(userIds.length);
    const sent = await db.select().from(outbox).where(inArray(outbox.userId, userIds));
    expect(sent.map((m) => [m.template, m.status])).toEqual(userIds.map(() => ['purchase-receipt', 'sent']));
    const mail = await db.select().from(mailboxMessages).where(eq(mailboxMessages.tag, 'purchase-receipt'));
    expect(mail).toHaveLength(userIds.length);
    const events = await db.select().from(stripeEvents);
    expect(events.every((e) => e.status === 'processed')).toBe(true);
  });
});
