import type { Metadata } from 'next';
import { getDb } from '@/db/client';
import { findSmsConsentState } from '@/db/queries/sms';
import { findNotificationSettings } from '@/db/queries/users';
import { requireUser } from '@/lib/auth/guards';
import { wantsEmail } from '@/lib/notifications/preferences';
import { NotificationForm } from './notification-form';

export const metadata: Metadata = { title: 'Notifications' };

export default async function NotificationsPage() {
  const sessionUser = await requireUser('/account/notifications');
  const db = await getDb();
  const [user, consent] = await Promise.all([findNotificationSettings(db, sessionUser.id), findSmsConsentState(db, sessionUser.id)]);
  if (!user) return null;
  return (
    <div className="max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold tracking-tight">Notifications</h1>
      <NotificationForm
        preferences={{ renewalReminders: wantsEmail(user.emailPreferences, 'renewalReminders'), productNews: wantsEmail(user.emailPreferences, 'productNews') }}
        phone={user.phone}
        smsOptIn={user.smsOptIn}
      />
      <SmsConsentNote consent={consent} />
    </div>
  );
}

const SOURCES: Record<string, string> = { account_settings: 'on this page', sms_keyword: 'by texting START', admin: 'by our support team' };
const day = (date: Date) => date.toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

/** What the learner agreed to and when; a STOP texted to our number outranks this page. */
function SmsConsentNote({ consent }: { consent: Awaited<ReturnType<typeof findSmsConsentState>> }) {
  if (!consent?.phone) return null;
  if (consent.blockedSince) {
    return (
      <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
        You texted STOP to our number on {day(consent.blockedSince)}, so we send no texts to {consent.phone}. Text START to the same
        number to receive them again.
      </p>
    );
  }
  if (!consent.smsOptIn || !consent.optedInAt) return null;
  return (
    <p className="text-sm text-zinc-600">
      Text alerts to {consent.phone} are on since {day(consent.optedInAt)} ({SOURCES[consent.optedInSource ?? ''] ?? 'recorded'}). Reply STOP
      to any text to stop them.
    </p>
  );
}
