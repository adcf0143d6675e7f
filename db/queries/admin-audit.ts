import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client';
import { auditLog, users } from '../schema';
import type { AuditActorType } from '../schema/enums';

export type AuditFilters = {
  actorType?: AuditActorType;
  /** A user id, or an email address (matched exactly, case-insensitive). */
  actor?: string;
  /** An exact action (`price.change`) or a prefix ending in a dot (`coupon.`). */
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
};

export type AuditRow = typeof auditLog.$inferSelect & { actorEmail: string | null };

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

function where(f: AuditFilters): SQL | undefined {
  const actor = f.actor
    ? f.actor.includes('@')
      ? sql`${auditLog.actorUserId} in (select u.id from users u where u.email = ${f.actor.toLowerCase()})`
      : eq(auditLog.actorUserId, f.actor)
    : undefined;
  const action = f.action ? (f.action.endsWith('.') ? sql`${auditLog.action} like ${`${escapeLike(f.action)}%`}` : eq(auditLog.action, f.action)) : undefined;
  return and(
    f.actorType ? eq(auditLog.actorType, f.actorType) : undefined,
    actor,
    action,
    f.entityType ? eq(auditLog.entityType, f.entityType) : undefined,
    f.entityId ? eq(auditLog.entityId, f.entityId) : undefined,
    f.from ? gte(auditLog.createdAt, f.from) : undefined,
    f.to ? lt(auditLog.createdAt, f.to) : undefined,
  );
}

/**
 * Audit rows newest first. The identity id only grows, so it is the keyset: a page is "ids
 * below the last one shown", and page 5,000 costs what page 1 costs.
 */
export async function listAuditForAdmin(db: Database, filters: AuditFilters, before: number | null, limit = 50): Promise<{ rows: AuditRow[]; nextCursor: number | null }> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(where(filters), before !== null ? lt(auditLog.id, before) : undefined))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const withEmails = await attachEmails(db, page);
  return { rows: withEmails, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

async function attachEmails(db: Database, rows: Array<typeof auditLog.$inferSelect>): Promise<AuditRow[]> {
  const ids = [...new Set(rows.map((r) => r.actorUserId).filter((id): id is string => Boolean(id)))];
  const found = ids.length ? await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, ids)) : [];
  const emails = new Map(found.map((u) => [u.id, u.email]));
  return rows.map((r) => ({ ...r, actorEmail: r.actorUserId ? (emails.get(r.actorUserId) ?? null) : null }));
}

/** Every matching row, newest first, in batches (the CSV export streams them). */
export async function* iterateAudit(db: Database, filters: AuditFilters, batch = 1000): AsyncGenerator<AuditRow[]> {
  let before: number | null = null;
  for (;;) {
    const { rows, nextCursor } = await listAuditForAdmin(db, filters, before, batch);
    if (rows.length) yield rows;
    if (nextCursor === null) return;
    before = nextCursor;
  }
}

export async function countAudit(db: Database, filters: AuditFilters): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(where(filters));
  return row?.n ?? 0;
}

/** The entity types and actions seen, for the filters' choices. */
export async function listAuditVocabulary(db: Database): Promise<{ entityTypes: string[]; actions: string[] }> {
  const [types, actions] = await Promise.all([
    db.selectDistinct({ v: auditLog.entityType }).from(auditLog).orderBy(auditLog.entityType),
    db.selectDistinct({ v: auditLog.action }).from(auditLog).orderBy(auditLog.action),
  ]);
  return { entityTypes: types.map((r) => r.v), actions: actions.map((r) => r.v) };
}
