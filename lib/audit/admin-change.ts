import type { Database } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';

type Values = Record<string, unknown>;

/**
 * The fields whose values differ between two snapshots, as `{ before, after }` holding only
 * those fields: what the audit page shows as a diff. Dates compare by instant.
 */
export function changedFields(before: Values | null, after: Values | null): { before: Values; after: Values } {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const out = { before: {} as Values, after: {} as Values };
  for (const key of keys) {
    const a = normalize(before?.[key]);
    const b = normalize(after?.[key]);
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    if (before) out.before[key] = a;
    if (after) out.after[key] = b;
  }
  return out;
}

function normalize(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : (value ?? null);
}

export type AdminChange = {
  adminId: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before: Values | null;
  after: Values | null;
  /** Anything else worth keeping (a Stripe id, the reason given). */
  extra?: Values;
  dedupeKey?: string;
};

/** One audit row for one admin change, holding only the fields that changed. */
export async function auditAdminChange(db: Database, change: AdminChange): Promise<void> {
  const diff = changedFields(change.before, change.after);
  await appendAudit(db, {
    actorType: 'admin',
    actorUserId: change.adminId,
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    data: { ...change.extra, before: diff.before, after: diff.after },
    ...(change.dedupeKey ? { dedupeKey: change.dedupeKey } : {}),
  });
}
