import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { advisoryLockSql, noteLockHeld } from './locks';
import { rowsOf } from '../rows';
import { stripeEventLanes, stripeEvents } from '../schema';

export type StripeEventRow = typeof stripeEvents.$inferSelect;
export type NewStripeEvent = {
  id: string;
  type: string;
  objectId: string | null;
  /** Null for a type no handler takes: stored as `ignored`, never queued. */
  lane: string | null;
  apiVersion: string | null;
  livemode: boolean;
  stripeCreatedAt: Date;
  /** The event as JSON text (the verified request body itself: no second serialization). */
  payloadJson: string;
  /** The lane becomes due this long after the event arrives (coalescing a burst). */
  coalesceMs: number;
};

/** A ticket for a Stripe read, taken before the read starts (see `stripeReadSeq`). */
export async function takeReadTicket(db: Database): Promise<number> {
  const [row] = rowsOf<{ v: string | number }>(await db.execute(sql`select nextval('stripe_read_seq') as v`));
  return Number(row?.v);
}

/** One JSON array of the rows, each payload embedded as the JSON text it already is. */
function recordsJson(events: NewStripeEvent[]): string {
  const rows = events.map((event) => {
    const meta = JSON.stringify({
      id: event.id,
      type: event.type,
      object_id: event.objectId,
      lane: event.lane,
      api_version: event.apiVersion,
      livemode: event.livemode,
      stripe_created_at: event.stripeCreatedAt.toISOString(),
      coalesce_secs: event.coalesceMs / 1000,
    });
    return `${meta.slice(0, -1)},"payload":${event.payloadJson}}`;
  });
  return `[${rows.join(',')}]`;
}

/** A burst keeps its lane waiting at most this many coalescing periods after its first event. */
export const COALESCE_CAP_FACTOR = 4;

/**
 * Records verified events once and queues their lanes, in one statement for the whole list:
 * an id already stored (a duplicate delivery, on this or another app instance) inserts
 * nothing and queues nothing. A lane becomes due `coalesceMs` after its last event, but at
 * most `COALESCE_CAP_FACTOR` × `coalesceMs` after the lane's first (and never sooner than it
 * already was): a burst for one object whose events come a little apart — Checkout's five or
 * six within about a second, a delivery delayed in a busy ingest — is processed as one batch
 * with one re-read, and a steady stream cannot hold its lane back. A lane already due stays
 * due; a lane backing off after failures keeps its backoff. Returns the ids that were new.
 * Ids must be distinct.
 */
export async function recordStripeEvents(db: Database, events: NewStripeEvent[]): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      with input as (
        select * from jsonb_to_recordset(${recordsJson(events)}::jsonb) as r(
          id text, type text, object_id text, lane text, api_version text, livemode boolean,
          stripe_created_at timestamptz, coalesce_secs double precision, payload jsonb)
      ), recorded as (
        insert into ${stripeEvents} (id, type, object_id, lane, api_version, livemode, stripe_created_at, status, result, processed_at, payload)
        select id, type, object_id, lane, api_version, livemode, stripe_created_at,
               case when lane is null then 'ignored' else 'received' end,
               case when lane is null then 'ignored: no handler for ' || type end,
               case when lane is null then now() end,
               payload
        from input
        on conflict (id) do nothing
        returning id, lane
      ), queued as (
        insert into ${stripeEventLanes} (lane, next_run_at)
        select recorded.lane, min(now() + make_interval(secs => input.coalesce_secs))
        from recorded join input on input.id = recorded.id
        where recorded.lane is not null
        group by recorded.lane
        on conflict (lane) do update set next_run_at = case
          when ${stripeEventLanes.attempts} > 0 or ${stripeEventLanes.nextRunAt} <= now() then ${stripeEventLanes.nextRunAt}
          else least(greatest(${stripeEventLanes.nextRunAt}, excluded.next_run_at),
                     greatest(${stripeEventLanes.nextRunAt}, ${stripeEventLanes.createdAt} + ${COALESCE_CAP_FACTOR}::double precision * (excluded.next_run_at - now()))) end
        returning lane
      )
      select id from recorded`),
  );
  return new Set(rows.map((r) => r.id));
}

/** One event: `recordStripeEvents` for a list of one. */
export async function recordStripeEvent(db: Database, event: NewStripeEvent): Promise<{ inserted: boolean }> {
  return { inserted: (await recordStripeEvents(db, [event])).has(event.id) };
}

export type LaneClaim = { lane: string; leaseToken: number; attempts: number };

/** A waiting event as a claim returns it: what processing a lane reads of its row. */
export type WaitingEvent = Pick<StripeEventRow, 'id' | 'type' | 'stripeCreatedAt' | 'receivedAt' | 'payload'>;

/** A claimed lane with its waiting events (oldest first) and a read ticket taken at the claim, before any read. */
export type ClaimedLane = LaneClaim & { ticket: number; events: WaitingEvent[] };

/**
 * Claims up to `limit` due lanes for one worker and commits: a lane is due when its time has
 * come and nobody holds a live lease on it. FOR UPDATE SKIP LOCKED lets any number of
 * workers claim side by side without waiting on or double-claiming each other's lanes.
 *
 * The same statement reads each claimed lane's waiting events, oldest first (Stripe's order,
 * then arrival; up to `batchSize`, or one for a lane retrying after a failure, to isolate the
 * failing event) and takes the lane's read ticket — before any read starts. One round trip
 * claims a whole set of lanes, instead of a claim, a listing and a ticket per lane. Events
 * recorded after the statement's snapshot stay waiting: the lane's release sees them and
 * keeps the lane due.
 */
export async function claimDueLanes(db: Database, params: { limit: number; workerId: string; leaseSeconds: number; batchSize: number }): Promise<ClaimedLane[]> {
  type Row = { lane: string; lease_token: string | number; attempts: number; ticket: string | number; events: unknown };
  type EventJson = { id: string; type: string; stripeCreatedAt: string; receivedAt: string; payload: Record<string, unknown> };
  const rows = rowsOf<Row>(
    await db.execute(sql`
      with claimed as (
        update ${stripeEventLanes}
        set lease_token = lease_token + 1, leased_by = ${params.workerId}, leased_until = now() + make_interval(secs => ${params.leaseSeconds})
        where lane in (
          select lane from ${stripeEventLanes}
          where next_run_at <= now() and (leased_until is null or leased_until < now())
          order by next_run_at
          limit ${params.limit}
          for update skip locked
        )
        returning lane, lease_token, attempts
      )
      select c.lane, c.lease_token, c.attempts, nextval('stripe_read_seq') as ticket,
        (select coalesce(json_agg(json_build_object('id', w.id, 'type', w.type, 'stripeCreatedAt', w.stripe_created_at,
                  'receivedAt', w.received_at, 'payload', w.payload) order by w.stripe_created_at, w.received_at, w.id), '[]'::json)
         from (select id, type, stripe_created_at, received_at, payload from ${stripeEvents}
               where lane = c.lane and status in ('received', 'failed')
               order by stripe_created_at, received_at, id
               limit case when c.attempts > 0 then 1 else ${params.batchSize} end) w) as events
      from claimed c`),
  );
  return rows.map((r) => {
    const events = (typeof r.events === 'string' ? JSON.parse(r.events) : r.events) as EventJson[];
    return {
      lane: r.lane,
      leaseToken: Number(r.lease_token),
      attempts: r.attempts,
      ticket: Number(r.ticket),
      events: events.map((e) => ({ id: e.id, type: e.type, stripeCreatedAt: new Date(e.stripeCreatedAt), receivedAt: new Date(e.receivedAt), payload: e.payload })),
    };
  });
}

export class LaneLeaseLost extends Error {
  constructor(lane: string) {
    super(`lost the lease on lane ${lane}: another worker took it over`);
    this.name = 'LaneLeaseLost';
  }
}

/**
 * Inside the processing transaction: the lease must still be ours (fencing a late worker).
 * Locks the lane row until the transaction ends. With `thenLock`, the same statement then takes
 * that advisory lock (`lockName`'s), the one the batch's first write would take next: the same
 * order — lane row, then the lock — for a round trip less.
 */
export async function assertLaneLease(db: Database, claim: LaneClaim, thenLock?: string): Promise<void> {
  // The subquery (FOR UPDATE: never flattened) locks the lane row before the outer select list
  // takes the advisory lock; no row, no advisory lock.
  const [row] = rowsOf<{ token: string | number }>(
    await db.execute(sql`select l.lease_token as token, ${thenLock ? advisoryLockSql(thenLock) : sql`null`} as locked
      from (select lease_token from ${stripeEventLanes} where lane = ${claim.lane} for update) as l`),
  );
  if (!row || Number(row.token) !== claim.leaseToken) throw new LaneLeaseLost(claim.lane);
  if (thenLock) noteLockHeld(db, thenLock);
}

/**
 * Ends a claim whose batch was processed, in one statement: marks the batch's events
 * processed, each with its one-line result, and removes the lane — or, when more events
 * arrived meanwhile, leaves it due with the lease cleared. Runs in the batch's transaction,
 * which holds the lane row (`assertLaneLease`), so an event recorded concurrently waits for
 * the commit, then finds the lane still there or queues it again.
 */
export async function completeLaneBatch(db: Database, claim: LaneClaim, results: { id: string; result: string }[]): Promise<void> {
  const json = JSON.stringify(results.map((r) => ({ id: r.id, result: r.result.slice(0, 2000) })));
  await db.execute(sql`
    with marked as (
      update ${stripeEvents} as e
      set status = 'processed', processed_at = now(), attempts = e.attempts + 1, last_error = null, result = r.result
      from jsonb_to_recordset(${json}::jsonb) as r(id text, result text)
      where e.id = r.id
      returning e.id
    ), released as (
      delete from ${stripeEventLanes}
      where lane = ${claim.lane} and lease_token = ${claim.leaseToken}
        and not exists (select 1 from ${stripeEvents} where lane = ${claim.lane} and status in ('received', 'failed') and id not in (select id from marked))
      returning lane
    )
    update ${stripeEventLanes} set leased_by = null, leased_until = null, attempts = 0, last_error = null
    where lane = ${claim.lane} and lease_token = ${claim.leaseToken} and not exists (select 1 from released)`);
}

/**
 * Records a failed batch: its events' attempts and error (dead once out of attempts), and the
 * lane backing off until `retryAt`. A lane left with nothing waiting is removed.
 */
export async function recordLaneFailure(
  db: Database,
  claim: LaneClaim,
  params: { eventIds: string[]; error: string; maxAttempts: number; retryAt: Date },
): Promise<{ dead: string[] }> {
  return db.transaction(async (tx) => {
    const updated = params.eventIds.length
      ? await tx
          .update(stripeEvents)
          .set({
            attempts: sql`${stripeEvents.attempts} + 1`,
            lastError: params.error.slice(0, 2000),
            status: sql`case when ${stripeEvents.attempts} + 1 >= ${params.maxAttempts} then 'dead' else 'failed' end`,
          })
          .where(and(inArray(stripeEvents.id, params.eventIds), inArray(stripeEvents.status, ['received', 'failed'])))
          .returning({ id: stripeEvents.id, status: stripeEvents.status })
      : [];
    await tx
      .update(stripeEventLanes)
      .set({ leasedBy: null, leasedUntil: null, attempts: sql`${stripeEventLanes.attempts} + 1`, lastError: params.error.slice(0, 2000), nextRunAt: params.retryAt })
      .where(and(eq(stripeEventLanes.lane, claim.lane), eq(stripeEventLanes.leaseToken, claim.leaseToken)));
    await tx.execute(sql`
      delete from ${stripeEventLanes} where lane = ${claim.lane} and lease_token = ${claim.leaseToken}
        and not exists (select 1 from ${stripeEvents} where lane = ${claim.lane} and status in ('received', 'failed'))`);
    return { dead: updated.filter((r) => r.status === 'dead').map((r) => r.id) };
  });
}

export async function findStripeEvent(db: Database, id: string): Promise<StripeEventRow | null> {
  const [row] = await db.select().from(stripeEvents).where(eq(stripeEvents.id, id));
  return row ?? null;
}

/** Puts a recorded event back in its lane (an admin's replay, a dead letter retried). */
export async function requeueStripeEvent(db: Database, id: string): Promise<StripeEventRow | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(stripeEvents)
      .set({ status: 'received', attempts: 0, lastError: null, processedAt: null })
      .where(and(eq(stripeEvents.id, id), sql`${stripeEvents.lane} is not null`))
      .returning();
    if (!row?.lane) return null;
    await tx
      .insert(stripeEventLanes)
      .values({ lane: row.lane })
      .onConflictDoUpdate({ target: stripeEventLanes.lane, set: { nextRunAt: sql`now()`, attempts: 0 } });
    return row;
  });
}

export type WebhookBacklog = { waiting: number; failing: number; dead: number; oldestWaitingSeconds: number | null };

/** The numbers the admin and the metrics show: what waits, and for how long (the lag). */
export async function readWebhookBacklog(db: Database): Promise<WebhookBacklog> {
  const [row] = rowsOf<{ waiting: string | number; failing: string | number; dead: string | number; oldest: string | number | null }>(
    await db.execute(sql`
      select
        count(*) filter (where status = 'received') as waiting,
        count(*) filter (where status = 'failed') as failing,
        (select count(*) from ${stripeEvents} where status = 'dead') as dead,
        extract(epoch from now() - min(received_at)) as oldest
      from ${stripeEvents} where status in ('received', 'failed')`),
  );
  return {
    waiting: Number(row?.waiting ?? 0),
    failing: Number(row?.failing ?? 0),
    dead: Number(row?.dead ?? 0),
    oldestWaitingSeconds: row?.oldest == null ? null : Number(row.oldest),
  };
}
