import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { emailTransport } from '@/lib/env';

/** The local mailbox exists only while no email provider is configured. */
export default function MailboxLayout({ children }: { children: ReactNode }) {
  if (emailTransport !== 'local') notFound();
  return <div className="space-y-4">{children}</div>;
}
