import { describe, expect, it } from 'vitest';
import { countHeldStripeRequestSlots, grantStripeRequestSlots, releaseStripeRequestSlots } from '@/db/queries/stripe-budget';
import type { Database } from '@/db/client';
import { setupSandbox } from '@/tests/support/billing-harness';
import { setupTestDb } from '@/tests/support/test-db';
import { LocalRequestBudget, SharedRequestBudget, type SlotStore } from './budget';
import { createRequestBudget, createSandboxClient } from './client';

// The budget is the deployment's: every process that calls Stripe (app instances, workers)
// takes its requests from it, so their sum holds, counted where Stripe counts — at the sandbox,
// as requests arrive. Two budgets on one database stand for two processes: on PostgreSQL
// their grants run on different connections of the pool, serialized only by the database.

const getDb = setupTestDb();
const getSandbox = setupSandbox();

const storeOn = (db: Database): SlotStore => ({
  grant: (endpoints, limits) => grantStripeRequestSlots(db, endpoints, limits),
  release: (slots) => releaseStripeRequestSlots(db, slots),
});

async function control(route: string, body?: unknown) {
  const { sandbox } = getSandbox();
  const response = await fetch(`http://127.0.0.1:${sandbox.port}/_sandbox${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.ok).toBe(true);
  return response.json() as Promise<{ total: number; peakPerSecond: number }>;
}

describe('the Stripe request budget across processes', () => {
  it('is shared on PostgreSQL and the process’s own on PGlite', () => {
    const store = storeOn(getDb().db);
    expect(createRequestBudget({ databaseUrl: 'postgres://somewhere/db', store })).toBeInstanceOf(SharedRequestBudget);
    expect(createRequestBudget({ databaseUrl: undefined })).toBeInstanceOf(LocalRequestBudget);
  });

  it('two processes, each as busy as it can be, never send Stripe more than the budget in any second', async () => {
    const { sandbox } = getSandbox();
    const { db } = getDb();
    const total = 8;
    const processes = [0, 1].map(() => createSandboxClient(sandbox.port, { budget: new SharedRequestBudget(total, total, storeOn(db)), timeout: 10_000 }));
    await control('/faults', { path: '/v1/balance', kind: 'latency', latency_ms: 40 });
    await control('/requests/reset', {});
    const started = Date.now();
    try {
      await Promise.all(processes.flatMap((stripe) => Array.from({ length: 16 }, () => stripe.balance.retrieve())));
    } finally {
      await control('/faults/clear', {});
    }
    const meter = await control('/requests');
    expect(meter.total).toBe(32);
    expect(meter.peakPerSecond).toBeLessThanOrEqual(total);
    // 32 requests, 8 at a time, each slot free again a second after its answer: about 4 s.
    expect(Date.now() - started).toBeGreaterThan(3_000);
    // Every answer was marked: the slots leave the window a second later.
    await new Promise((r) => setTimeout(r, 1_200));
    expect(await countHeldStripeRequestSlots(db)).toBe(0);
  });

  it('grants in order within the limits, per endpoint too, and says when to ask again', async () => {
    const { db } = getDb();
    const first = await grantStripeRequestSlots(db, ['GET a', 'GET a', 'GET b', 'GET a'], { account: 3, endpoint: 2 });
    expect(first.granted.map((slot) => slot !== null)).toEqual([true, true, true, false]);
    expect(first.retryMs).toBe(1000); // all in flight: none can leave sooner than a second
    await releaseStripeRequestSlots(db, [first.granted[0] as number]);
    const second = await grantStripeRequestSlots(db, ['GET c'], { account: 3, endpoint: 2 });
    expect(second.granted).toEqual([null]);
    expect(second.retryMs).toBeGreaterThan(900);
    expect(second.retryMs).toBeLessThanOrEqual(1000);
    await releaseStripeRequestSlots(db, first.granted.filter((s): s is number => s !== null));
  });
});
