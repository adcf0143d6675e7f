import type { Database } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import { recordSmsConsentChange } from '@/db/queries/sms';
import { findNotificationSettings, setUserName, writeNotificationSettings } from '@/db/queries/users';
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
  const optIn = smsOptIn === 'on';
  const nextPhone = phone || null;
  await db.transaction(async (tx) => {
    const before = await findNotificationSettings(tx, userId);
    await writeNotificationSettings(tx, userId, {
      emailPreferences: { renewalReminders: renewalReminders === 'on', productNews: productNews === 'on' },
      phone: nextPhone,
      smsOptIn: optIn,
    });
    // Consent is a record: when it was given (or withdrawn), for which number, from where.
    const consentChanged = before && (before.smsOptIn !== optIn || (optIn && before.phone !== nextPhone));
    const consentPhone = optIn ? nextPhone : before?.phone;
    if (consentChanged && consentPhone) {
      await recordSmsConsentChange(tx, { userId, phone: consentPhone, optIn, source: 'account_settings', at: new Date() });
    }
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
