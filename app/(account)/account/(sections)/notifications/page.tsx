import type { Metadata } from 'next';
import { getDb } from '@/db/client';
import { findNotificationSettings } from '@/db/queries/users';
import { requireUser } from '@/lib/auth/guards';
import { wantsEmail } from '@/lib/notifications/preferences';
import { NotificationForm } from './notification-form';

export const metadata: Metadata = { title: 'Notifications' };

export default async function NotificationsPage() {
  const sessionUser = await requireUser('/account/notifications');
  const user = await findNotificationSettings(await getDb(), sessionUser.id);
  if (!user) return null;
  return (
    <div className="max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold tracking-tight">Notifications</h1>
      <NotificationForm
        preferences={{ renewalReminders: wantsEmail(user.emailPreferences, 'renewalReminders'), productNews: wantsEmail(user.emailPreferences, 'productNews') }}
        phone={user.phone}
        smsOptIn={user.smsOptIn}
      />
    </div>
  );
}
