import type { Database } from '@/db/client';
import { auditLog } from '@/db/schema';
import type { AuditActorType } from '@/db/schema/enums';
import { currentRequestId } from '@/lib/log';

export type AuditEntry = {
  actorType: AuditActorType;
  /** The signed-in learner or admin; null for Stripe and the system. */
  actorUserId?: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  /** What changed: before/after values, amounts, reasons. */
  data?: Record<string, unknown>;
  /** The Stripe event that caused the change, when one did. */
  stripeEventId?: string | null;
  requestId?: string | null;
  /** Business key for changes that may be retried: a second append with it writes nothing. */
  dedupeKey?: string;
};

/** The one way to write the audit trail (the table itself rejects UPDATE, DELETE, TRUNCATE). */
export async function appendAudit(db: Database, entry: AuditEntry): Promise<void> {
  await db
    .insert(auditLog)
    .values({
      actorType: entry.actorType,
      actorUserId: entry.actorUserId ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      data: entry.data ?? {},
      stripeEventId: entry.stripeEventId ?? null,
      // The request, action or job run that made the change (lib/log.ts), when not given.
      requestId: entry.requestId ?? currentRequestId(),
      dedupeKey: entry.dedupeKey ?? null,
    })
    .onConflictDoNothing({ target: auditLog.dedupeKey });
}
