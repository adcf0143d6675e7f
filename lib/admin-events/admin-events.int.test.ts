import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { countEventsPerHour, findRecordedEventIds, listEventsForAdmin } from '@/db/queries/admin-events';
import { findStripeEvent, recordStripeEvent } from '@/db/queries/stripe-events';
import { uniqueSuffix } from '@/db/seed/factories';
import { listUndeliveredEvents } from '@/lib/stripe/events';
import { setupSandbox } from '@/tests/support/billing-harness';
import { setupTestDb } from '@/tests/support/test-db';
import { importStripeEvent } from './import-event';

const handle = setupTestDb();
const db = () => handle().db;
// No webhook endpoint: every event the sandbox emits stays undelivered, as with a wrong secret.
const sb = setupSandbox({});

async function record(type: string, status?: 'dead') {
  const id = `evt_${uniqueSuffix()}`;
  await recordStripeEvent(
    db(),
    { id, type, objectId: `obj_${id}`, lane: `lane_${id}`, apiVersion: null, livemode: false, stripeCreatedAt: new Date(), payloadJson: JSON.stringify({ id, type }), coalesceMs: 0 },
  );
  if (status) await db().execute(sql`update stripe_events set status = ${status}, attempts = 5, last_error = 'boom' where id = ${id}`);
  return id;
}

describe('admin events list', () => {
  it('filters by type and status, newest first, with a keyset cursor', async () => {
    const type = `test.kind_${uniqueSuffix().replace(/[^a-z]/g, 'x')}`;
    const ids = [await record(type), await record(type, 'dead'), await record(type)];
    const all = await listEventsForAdmin(db(), { type }, { limit: 10 });
    expect(all.map((e) => e.id)).toEqual([...ids].reverse());
    const dead = await listEventsForAdmin(db(), { type, status: 'dead' }, { limit: 10 });
    expect(dead.map((e) => [e.id, e.attempts, e.lastError])).toEqual([[ids[1], 5, 'boom']]);

    const first = await listEventsForAdmin(db(), { type }, { limit: 2 });
    const last = first.at(-1)!;
    const second = await listEventsForAdmin(db(), { type }, { limit: 2, after: { receivedAt: last.receivedAt, id: last.id } });
    expect([...first, ...second].map((e) => e.id)).toEqual([...ids].reverse());
    expect(await listEventsForAdmin(db(), { type, from: new Date(Date.now() + 3_600_000) }, { limit: 10 })).toEqual([]);
  });

  it('counts received, processed and failing per hour, with empty hours', async () => {
    const before = await countEventsPerHour(db(), 24);
    expect(before).toHaveLength(24);
    await record('test.hourly', 'dead');
    const after = await countEventsPerHour(db(), 24);
    const now = after.at(-1)!;
    const was = before.at(-1)!;
    expect(now.hour.getTime()).toBe(was.hour.getTime());
    expect(now.received - was.received).toBe(1);
    expect(now.failed - was.failed).toBe(1);
  });
});

describe('events Stripe could not deliver', () => {
  it('lists them from Stripe, and importing one records it once for the workers', async () => {
    const customer = await sb().stripe.customers.create({ email: `undelivered-${uniqueSuffix()}@bursar.test` });
    const undelivered = await listUndeliveredEvents(3600);
    const created = undelivered.find((e) => e.type === 'customer.created');
    expect(created).toBeDefined();
    const eventId = created!.id;
    expect(await findRecordedEventIds(db(), [eventId])).toEqual(new Set());

    const first = await importStripeEvent(db(), eventId, 0);
    expect(first.status).toBe('ignored'); // customer.created has no handler: stored as ignored
    const stored = await findStripeEvent(db(), eventId);
    expect(stored).toMatchObject({ id: eventId, type: 'customer.created', objectId: customer.id, status: 'ignored' });

    const updated = await sb().stripe.customers.update(customer.id, { name: 'Ada' });
    const updateEvent = (await listUndeliveredEvents(3600)).find((e) => e.type === 'customer.updated');
    expect(updated.name).toBe('Ada');
    expect(await importStripeEvent(db(), updateEvent!.id, 0)).toEqual({ status: 'recorded' });
    expect(await findStripeEvent(db(), updateEvent!.id)).toMatchObject({ status: 'received', lane: customer.id });
    // A second import (or Stripe's own retry arriving) is a replay, not a second row.
    expect(await importStripeEvent(db(), updateEvent!.id, 0)).toEqual({ status: 'requeued' });
    expect((await findRecordedEventIds(db(), [updateEvent!.id])).size).toBe(1);
  });
});
