import { z } from 'zod';
import type { Database } from '@/db/client';
import { acknowledgeAdminAlert } from '@/db/queries/alerts';
import { ActionRefusal } from '@/lib/actions/refusal';

export const acknowledgeAlertInput = z.object({ alertId: z.uuid({ error: 'Unknown alert.' }) });

/** Marks an alert handled (audited). A second click, or another admin's, is a clear refusal and writes nothing. */
export async function acknowledgeAlert(db: Database, admin: { id: string }, input: z.infer<typeof acknowledgeAlertInput>, now = new Date()) {
  if (!(await acknowledgeAdminAlert(db, { id: input.alertId, adminId: admin.id, at: now }))) {
    throw new ActionRefusal('This alert is already acknowledged, or does not exist.');
  }
  return { acknowledged: true as const };
}
