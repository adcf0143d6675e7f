import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';
import { EmptyState } from '@/components/ui/empty-state';
import { Badge } from '@/components/ui/badge';
import { getDb } from '@/db/client';
import { listMailboxMessages } from '@/db/queries/mailbox';
import { mailboxRecipients } from './recipients';

export const metadata: Metadata = { title: 'Local mailbox' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const dateTime = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

export default async function MailboxPage({ searchParams }: Props) {
  const to = z.email().safeParse((await searchParams).to);
  const recipients = await mailboxRecipients();
  const messages = await listMailboxMessages(await getDb(), { to: to.success ? to.data : undefined, recipients });
  return (
    <>
      <div>
        <h1 className="text-2xl font-bold">Local mailbox</h1>
        <p className="mt-1 text-sm text-slate-600">
          {recipients ? (
            <>This demo keeps mail here instead of sending it. You see only the mail for addresses you asked a sign-in link for in this browser{recipients.length > 0 ? <> ({recipients.map((r) => r.email).join(', ')})</> : null}.</>
          ) : (
            <>Every email and SMS Bursar sends lands here while no provider is configured (set <code>RESEND_API_KEY</code> to send for real).</>
          )}
          {to.success ? (
            <> Showing messages to <strong>{to.data}</strong> — <Link href="/dev/mailbox" className="text-brand-600 hover:underline">show all</Link>.</>
          ) : null}
        </p>
      </div>
      {messages.length === 0 ? (
        <EmptyState title="The mailbox is empty">
          {recipients ? 'Ask for a sign-in link in this browser and its email appears here.' : 'Sign in or buy a course and the messages appear here.'}
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white" aria-label="Messages">
          {messages.map((message) => (
            <li key={message.id}>
              <Link href={`/dev/mailbox/${message.id}`} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3 hover:bg-slate-50">
                <Badge tone={message.channel === 'sms' ? 'warning' : 'brand'}>{message.channel.toUpperCase()}</Badge>
                <span className="min-w-0 flex-1 truncate font-medium">{message.subject ?? '(no subject)'}</span>
                <span className="text-sm text-slate-600">{message.to}</span>
                <time className="text-xs text-slate-500" dateTime={message.createdAt.toISOString()}>
                  {dateTime.format(message.createdAt)} UTC
                </time>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
