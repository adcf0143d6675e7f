import type { Database } from '@/db/client';
import { findOutboxMessage } from '@/db/queries/admin-notifications';
import { ActionRefusal } from '@/lib/actions/refusal';
import { auditAdminChange } from '@/lib/audit/admin-change';
import { resendNotification } from '@/lib/notifications/worker';

/**
 * An admin puts a failed message back in the queue (fresh attempts; the worker delivers it
 * with the same provider idempotency key). Only a failed message moves, so a double click or a
 * second admin changes nothing the second time; the audit row is written with the move, once.
 */
export async function resendFailedNotification(db: Database, adminId: string, outboxId: string): Promise<{ requeued: boolean }> {
  return db.transaction(async (tx) => {
    const result = await resendNotification(tx, outboxId);
    if (!result.ok) {
      if (result.reason === 'not_found') throw new ActionRefusal('That message no longer exists. Reload the page.');
      return { requeued: false };
    }
    const row = await findOutboxMessage(tx, outboxId);
    await auditAdminChange(tx, {
      adminId,
      action: 'notification.resend',
      entityType: 'outbox',
      entityId: outboxId,
      before: { status: 'failed' },
      after: { status: 'pending', attempts: 0 },
      extra: { template: row?.template, channel: row?.channel, lastError: row?.lastError },
    });
    return { requeued: true };
  });
}
