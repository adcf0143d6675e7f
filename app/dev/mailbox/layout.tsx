import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { mailboxAccess } from '@/lib/notifications/mailbox-session';

/**
 * The local mailbox exists only while no email provider is configured, and in production
 * only in demo mode (then each browser sees its own mail: lib/notifications/mailbox-access.ts).
 */
export default function MailboxLayout({ children }: { children: ReactNode }) {
  if (mailboxAccess === 'off') notFound();
  return <div className="space-y-4">{children}</div>;
}
