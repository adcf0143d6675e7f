import type { Metadata } from 'next';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { requireUser } from '@/lib/auth/guards';
import { wantsEmail } from '@/lib/notifications/preferences';
import { NotificationForm } from './notification-form';

export const metadata: Metadata = { title: 'Notifications' };

export default async function NotificationsPage() {
  const sessionUser = await requireUser('/account/notifications');
  const [user] = await (await getDb())
    .select({ emailPreferences: users.emailPreferences, phone: users.phone, smsOptIn: users.smsOptIn })
    .from(users)
    .where(eq(users.id, sessionUser.id));
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
