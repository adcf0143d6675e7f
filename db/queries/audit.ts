import type { Database } from '@/db/client';
import { auditLog } from '@/db/schema';
import type { AuditActorType } from '@/db/schema/enums';

export type AuditEntry = {
  actorType: Exclude<AuditActorType, 'stripe'>;
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  data?: Record<string, unknown>;
  /** Business key for actions that may be retried (a double-submit writes one row). */
  dedupeKey?: string;
};

/** Appends to the audit trail (the table rejects UPDATE and DELETE). */
export async function appendAudit(db: Database, entry: AuditEntry): Promise<void> {
  await db
    .insert(auditLog)
    .values({ ...entry, data: entry.data ?? {} })
    .onConflictDoNothing({ target: auditLog.dedupeKey });
}
