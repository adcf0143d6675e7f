import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client';
import { outbox } from '../schema';
import type { MessageChannel, OutboxStatus } from '../schema/enums';

export type OutboxFilters = {
  status?: OutboxStatus;
  channel?: MessageChannel;
  template?: string;
  /** The start of a recipient's address or number (case-insensitive). */
  recipient?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
};

export type OutboxListRow = Pick<
  typeof outbox.$inferSelect,
  'id' | 'channel' | 'template' | 'recipient' | 'status' | 'attempts' | 'lastError' | 'createdAt' | 'sentAt' | 'nextAttemptAt' | 'userId'
>;

const listColumns = {
  id: outbox.id,
  channel: outbox.channel,
  template: outbox.template,
  recipient: outbox.recipient,
  status: outbox.status,
  attempts: outbox.attempts,
  lastError: outbox.lastError,
  createdAt: outbox.createdAt,
  sentAt: outbox.sentAt,
  nextAttemptAt: outbox.nextAttemptAt,
  userId: outbox.userId,
};

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

function where(filters: OutboxFilters): SQL | undefined {
  return and(
    filters.status ? eq(outbox.status, filters.status) : undefined,
    filters.channel ? eq(outbox.channel, filters.channel) : undefined,
    filters.template ? eq(outbox.template, filters.template) : undefined,
    filters.recipient ? sql`lower(${outbox.recipient}) like ${`${escapeLike(filters.recipient.toLowerCase())}%`}` : undefined,
    filters.from ? gte(outbox.createdAt, filters.from) : undefined,
    filters.to ? lt(outbox.createdAt, filters.to) : undefined,
  );
}

// Failed first (they need a person), then newest first. The cursor is the last row's id; its
// sort key is read inside the query, so it compares Postgres' own microsecond timestamps.
const failedFirst = sql<number>`(${outbox.status} = 'failed')::int`;

/** One page of the outbox, failed messages first, then newest first. */
export async function listOutboxForAdmin(db: Database, filters: OutboxFilters, after: string | null, limit = 50): Promise<{ rows: OutboxListRow[]; nextCursor: string | null }> {
  const cursor = after
    ? sql`(${failedFirst}, ${outbox.createdAt}, ${outbox.id}) < (select (c.status = 'failed')::int, c.created_at, c.id from outbox c where c.id = ${after})`
    : undefined;
  const rows = await db
    .select(listColumns)
    .from(outbox)
    .where(and(where(filters), cursor))
    .orderBy(desc(failedFirst), desc(outbox.createdAt), desc(outbox.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

/** How many messages are in each status (for the filter tabs). */
export async function countOutboxByStatus(db: Database): Promise<Partial<Record<OutboxStatus, number>>> {
  const rows = await db.select({ status: outbox.status, n: sql<number>`count(*)::int` }).from(outbox).groupBy(outbox.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** The templates that have ever been queued (for the filter). */
export async function listOutboxTemplates(db: Database): Promise<string[]> {
  const rows = await db.selectDistinct({ template: outbox.template }).from(outbox).orderBy(outbox.template);
  return rows.map((r) => r.template);
}

export async function findOutboxMessage(db: Database, id: string) {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  return row ?? null;
}
