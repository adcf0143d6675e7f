import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { adminAlerts, disputes, stripeEvents } from '@/db/schema';
import type { AdminAlertKind } from '@/db/schema/enums';
import { appendAudit } from './audit';

export type AdminAlertRow = typeof adminAlerts.$inferSelect;
export type NewAdminAlert = { kind: AdminAlertKind; dedupeKey: string; title: string; detail?: string | null; href?: string | null; at?: Date };

/** Records an alert once per business key; returns the new row, or null when it was already raised. */
export async function insertAdminAlert(db: Database, alert: NewAdminAlert): Promise<AdminAlertRow | null> {
  const [row] = await db
    .insert(adminAlerts)
    .values({ kind: alert.kind, dedupeKey: alert.dedupeKey, title: alert.title, detail: alert.detail ?? null, href: alert.href ?? null, createdAt: alert.at ?? new Date() })
    .onConflictDoNothing({ target: adminAlerts.dedupeKey })
    .returning();
  return row ?? null;
}

export type AlertCursor = { createdAt: Date; id: string };

/** Open alerts first (newest first), then acknowledged ones; keyset-paginated within each. */
export async function listAdminAlerts(db: Database, params: { open: boolean; limit: number; after?: AlertCursor | null }): Promise<AdminAlertRow[]> {
  const state = params.open ? isNull(adminAlerts.acknowledgedAt) : sql`${adminAlerts.acknowledgedAt} is not null`;
  const page = params.after
    ? or(lt(adminAlerts.createdAt, params.after.createdAt), and(eq(adminAlerts.createdAt, params.after.createdAt), lt(adminAlerts.id, params.after.id)))
    : undefined;
  return db.select().from(adminAlerts).where(and(state, page)).orderBy(desc(adminAlerts.createdAt), desc(adminAlerts.id)).limit(params.limit);
}

export async function countOpenAdminAlerts(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(adminAlerts).where(isNull(adminAlerts.acknowledgedAt));
  return row?.n ?? 0;
}

/** Marks an open alert acknowledged, with an audit row; false when unknown or already acknowledged. */
export async function acknowledgeAdminAlert(db: Database, params: { id: string; adminId: string; at: Date }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(adminAlerts)
      .set({ acknowledgedAt: params.at, acknowledgedBy: params.adminId })
      .where(and(eq(adminAlerts.id, params.id), isNull(adminAlerts.acknowledgedAt)))
      .returning({ id: adminAlerts.id, kind: adminAlerts.kind, title: adminAlerts.title });
    if (!row) return false;
    await appendAudit(tx, {
      actorType: 'admin',
      actorUserId: params.adminId,
      action: 'alert.acknowledged',
      entityType: 'admin_alert',
      entityId: row.id,
      data: { before: { acknowledged: false }, after: { acknowledged: true }, kind: row.kind, title: row.title },
    });
    return true;
  });
}

/** Alerts not yet sent in a digest, oldest first, and marks them as sent in this one (same transaction). */
export async function takeAlertsForDigest(db: Database, at: Date): Promise<AdminAlertRow[]> {
  return db
    .update(adminAlerts)
    .set({ digestedAt: at })
    .where(and(isNull(adminAlerts.digestedAt), lt(adminAlerts.createdAt, at)))
    .returning()
    .then((rows) => rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()));
}

/** The most recently dead-lettered Stripe event, for the dead-letter alert's key. */
export async function findNewestDeadEventId(db: Database): Promise<string | null> {
  const [row] = await db.select({ id: stripeEvents.id }).from(stripeEvents).where(eq(stripeEvents.status, 'dead')).orderBy(desc(stripeEvents.receivedAt), desc(stripeEvents.id)).limit(1);
  return row?.id ?? null;
}

/** What a dispute alert says, from the converged row. */
export async function findDisputeAlertFacts(db: Database, stripeDisputeId: string) {
  const [row] = await db
    .select({ id: disputes.id, stripeDisputeId: disputes.stripeDisputeId, amount: disputes.amount, currency: disputes.currency, reason: disputes.reason, evidenceDueBy: disputes.evidenceDueBy })
    .from(disputes)
    .where(eq(disputes.stripeDisputeId, stripeDisputeId));
  return row ?? null;
}
