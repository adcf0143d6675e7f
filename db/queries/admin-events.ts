import { and, desc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { rowsOf } from '../rows';
import { stripeEvents } from '../schema';
import type { StripeEventStatus } from '../schema/enums';

export type AdminEventFilter = {
  type?: string;
  status?: StripeEventStatus;
  /** Received at or after. */
  from?: Date;
  /** Received before. */
  to?: Date;
};
/** Keyset cursor: the last row of the previous page (newest first). */
export type EventCursor = { receivedAt: Date; id: string };

export type AdminEventRow = {
  id: string;
  type: string;
  objectId: string | null;
  status: StripeEventStatus;
  attempts: number;
  receivedAt: Date;
  processedAt: Date | null;
  stripeCreatedAt: Date;
  lastError: string | null;
  result: string | null;
};

/**
 * One page of recorded events, newest first, without payloads (they can be large; the detail
 * page loads one). Keyset pagination on (received_at, id), which stripe_events_received_idx
 * serves, so page 500 costs what page 1 does.
 */
export async function listEventsForAdmin(db: Database, filter: AdminEventFilter, options: { limit: number; after?: EventCursor }): Promise<AdminEventRow[]> {
  const where = and(
    filter.type ? eq(stripeEvents.type, filter.type) : undefined,
    filter.status ? eq(stripeEvents.status, filter.status) : undefined,
    filter.from ? gte(stripeEvents.receivedAt, filter.from) : undefined,
    filter.to ? lt(stripeEvents.receivedAt, filter.to) : undefined,
    options.after
      ? or(lt(stripeEvents.receivedAt, options.after.receivedAt), and(eq(stripeEvents.receivedAt, options.after.receivedAt), lt(stripeEvents.id, options.after.id)))
      : undefined,
  );
  return db
    .select({
      id: stripeEvents.id,
      type: stripeEvents.type,
      objectId: stripeEvents.objectId,
      status: stripeEvents.status,
      attempts: stripeEvents.attempts,
      receivedAt: stripeEvents.receivedAt,
      processedAt: stripeEvents.processedAt,
      stripeCreatedAt: stripeEvents.stripeCreatedAt,
      lastError: stripeEvents.lastError,
      result: stripeEvents.result,
    })
    .from(stripeEvents)
    .where(where)
    .orderBy(desc(stripeEvents.receivedAt), desc(stripeEvents.id))
    .limit(options.limit);
}

/** The event types seen in the last 30 days, for the type filter. */
export async function listRecentEventTypes(db: Database): Promise<string[]> {
  const rows = await db
    .selectDistinct({ type: stripeEvents.type })
    .from(stripeEvents)
    .where(gte(stripeEvents.receivedAt, sql`now() - interval '30 days'`))
    .orderBy(stripeEvents.type)
    .limit(200);
  return rows.map((r) => r.type);
}

export type HourlyEventCounts = { hour: Date; received: number; processed: number; failed: number };

/**
 * Per hour over the last `hours`: events received, events processed (by when they were), and
 * events received that hour that are failing or dead now. Hours with nothing are included.
 */
export async function countEventsPerHour(db: Database, hours: number): Promise<HourlyEventCounts[]> {
  const rows = rowsOf<{ hour: string | Date; received: string | number; processed: string | number; failed: string | number }>(
    await db.execute(sql`
      with hours as (
        select generate_series(date_trunc('hour', now()) - make_interval(hours => ${hours - 1}), date_trunc('hour', now()), interval '1 hour') as hour
      ), received as (
        select date_trunc('hour', received_at) as hour, count(*) as n,
               count(*) filter (where status in ('failed', 'dead')) as failed
        from ${stripeEvents}
        where received_at >= date_trunc('hour', now()) - make_interval(hours => ${hours - 1})
        group by 1
      ), processed as (
        select date_trunc('hour', processed_at) as hour, count(*) as n
        from ${stripeEvents}
        where processed_at >= date_trunc('hour', now()) - make_interval(hours => ${hours - 1}) and status = 'processed'
        group by 1
      )
      select hours.hour, coalesce(received.n, 0) as received, coalesce(processed.n, 0) as processed, coalesce(received.failed, 0) as failed
      from hours left join received using (hour) left join processed using (hour)
      order by hours.hour`),
  );
  return rows.map((r) => ({ hour: new Date(r.hour), received: Number(r.received), processed: Number(r.processed), failed: Number(r.failed) }));
}

/** Recorded event ids among these (to tell Stripe's undelivered events we already hold). */
export async function findRecordedEventIds(db: Database, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: stripeEvents.id }).from(stripeEvents).where(inArray(stripeEvents.id, ids));
  return new Set(rows.map((r) => r.id));
}
