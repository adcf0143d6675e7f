import { z } from 'zod';
import type { Database } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import { requestReconciliation } from './job';

const DAY_MS = 24 * 60 * 60 * 1000;
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-12-04.');

/** The admin's "run now": a period of whole UTC days, `from` inclusive, `to` inclusive. */
export const startRunInput = z
  .object({ from: isoDay, to: isoDay })
  .transform((v) => ({ from: new Date(`${v.from}T00:00:00Z`), to: new Date(new Date(`${v.to}T00:00:00Z`).getTime() + DAY_MS) }))
  .refine((v) => !Number.isNaN(v.from.getTime()) && !Number.isNaN(v.to.getTime()), { message: 'Use real dates.', path: ['from'] })
  .refine((v) => v.from < v.to, { message: 'The period must end on or after its first day.', path: ['to'] })
  .refine((v) => v.to.getTime() - v.from.getTime() <= 366 * DAY_MS, { message: 'Reconcile at most a year at a time.', path: ['to'] })
  .refine((v) => v.from.getTime() <= Date.now(), { message: 'The period cannot start in the future.', path: ['from'] });

export const itemInput = z.object({ itemId: z.uuid('This page is out of date. Reload it and try again.') });
export const ignoreItemInput = itemInput.extend({
  note: z.string().trim().min(3, 'Say why this difference is fine (3 characters or more).').max(500, 'Keep the note under 500 characters.'),
});

/** Queues a run for the admin's period, with the audit row saying who asked for what. */
export async function startReconciliationRun(db: Database, admin: { id: string }, period: { from: Date; to: Date }): Promise<string> {
  const runId = await requestReconciliation(db, { ...period, userId: admin.id });
  await appendAudit(db, {
    actorType: 'admin',
    actorUserId: admin.id,
    action: 'reconciliation.requested',
    entityType: 'reconciliation_run',
    entityId: runId,
    data: { from: period.from.toISOString(), to: period.to.toISOString() },
  });
  return runId;
}

/** Yesterday (UTC) as YYYY-MM-DD: what the "run now" form proposes. */
export function yesterdayUtc(): string {
  return new Date(Date.now() - DAY_MS).toISOString().slice(0, 10);
}
