import { z } from 'zod';
import type { Database } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import { templatePreviews } from './previews';
import type { NotificationTemplate } from './messages';
import { enqueueNotification } from './outbox';
import { notificationTemplates } from './templates';

export const sendTemplateTestsInput = z.object({ attemptId: z.uuid({ error: 'Reload the page and try again.' }) });

export const notificationTemplateNames = Object.keys(notificationTemplates) as NotificationTemplate[];

/**
 * Sends every template, with its preview data, to the admin's own address through the normal
 * outbox (so it goes through Resend or the local mailbox exactly like real mail). One batch per
 * form render: a double submit sends one set.
 */
export async function sendTemplateTests(db: Database, admin: { id: string; email: string }, input: z.infer<typeof sendTemplateTestsInput>) {
  return db.transaction(async (tx) => {
    let queued = 0;
    for (const template of notificationTemplateNames) {
      const { enqueued } = await enqueueNotification(tx, {
        template,
        recipient: admin.email,
        userId: admin.id,
        dedupeKey: `template-test:${input.attemptId}:${template}`,
        data: templatePreviews[template] as never,
      });
      queued += Number(enqueued);
    }
    if (queued > 0) {
      await appendAudit(tx, { actorType: 'admin', actorUserId: admin.id, action: 'email.test_sent', entityType: 'user', entityId: admin.id, data: { templates: queued } });
    }
    return { queued, templates: notificationTemplateNames.length };
  });
}
