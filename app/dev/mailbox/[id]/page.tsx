import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { findMailboxMessage } from '@/db/queries/mailbox';
import { mailboxRecipients } from '../recipients';

type Props = { params: Promise<{ id: string }> };

export default async function MailboxMessagePage({ params }: Props) {
  const id = z.uuid().safeParse((await params).id);
  // Someone else's message is a 404, exactly like one that does not exist.
  const message = id.success ? await findMailboxMessage(await getDb(), id.data, await mailboxRecipients()) : null;
  if (!message) notFound();
  // Links open in this window, not in the frame (a sandboxed frame's cookies would not reach
  // the app) and not in a new tab (React Email buttons default to target="_blank").
  const html = message.html
    ? message.html.replace(/\starget="_blank"/g, '').replace(/<head>/i, '<head><base target="_top">')
    : null;
  return (
    <>
      <Link href="/dev/mailbox" className="text-sm text-brand-600 hover:underline">← All messages</Link>
      <div className="rounded-xl border border-slate-200 bg-white p-4 text-sm">
        <h1 className="text-xl font-bold">{message.subject ?? '(no subject)'}</h1>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 text-slate-600">
          <dt>From</dt><dd>{message.from}</dd>
          <dt>To</dt><dd data-testid="message-to">{message.to}</dd>
          <dt>Sent</dt><dd>{message.createdAt.toISOString()}</dd>
        </dl>
      </div>
      {html ? (
        <iframe
          title="Message body"
          srcDoc={html}
          sandbox="allow-top-navigation-by-user-activation allow-popups"
          className="h-[640px] w-full rounded-xl border border-slate-200 bg-white"
        />
      ) : null}
      <details className="rounded-xl border border-slate-200 bg-white p-4 text-sm">
        <summary className="cursor-pointer font-medium">Plain-text version</summary>
        <pre className="mt-3 whitespace-pre-wrap font-mono text-xs">{message.text}</pre>
      </details>
    </>
  );
}
