import type { Database } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import { setUserName, writeNotificationSettings } from '@/db/queries/users';
import { notificationSettingsSchema } from '@/lib/notifications/preferences';

export type SettingsResult = { ok: true } | { ok: false; error: string; field?: string };

/** Saves email preferences, phone and SMS opt-in for one learner; bad input writes nothing. */
export async function updateNotificationSettings(db: Database, userId: string, input: Record<string, unknown>): Promise<SettingsResult> {
  const parsed = notificationSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: issue?.message ?? 'Check the form and try again.', field: issue?.path[0]?.toString() };
  }
  const { renewalReminders, productNews, phone, smsOptIn } = parsed.data;
  await db.transaction(async (tx) => {
    await writeNotificationSettings(tx, userId, {
      emailPreferences: { renewalReminders: renewalReminders === 'on', productNews: productNews === 'on' },
      phone: phone || null,
      smsOptIn: smsOptIn === 'on',
    });
    await appendAudit(tx, {
      actorType: 'user',
      actorUserId: userId,
      action: 'notifications.updated',
      entityType: 'user',
      entityId: userId,
      data: { renewalReminders: renewalReminders === 'on', productNews: productNews === 'on', sms: smsOptIn === 'on' },
    });
  });
  return { ok: true };
}

export async function updateProfileName(db: Database, userId: string, name: string): Promise<void> {
  await setUserName(db, userId, name || null);
}
