import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Pill } from '@/components/admin-catalog/pill';
import { PageHeader } from '@/components/admin/page-header';
import { getDb } from '@/db/client';
import { findOutboxMessage } from '@/db/queries/admin-notifications';
import { requireAdmin } from '@/lib/auth/guards';
import { formatUtc, outboxStatusLabels } from '@/lib/notifications-admin/format';
import { renderOutboxPreview } from '@/lib/notifications-admin/preview';
import { ResendForm } from '../resend-form';

export const metadata: Metadata = { title: 'Notification' };

type Props = { params: Promise<{ id: string }> };

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

export default async function NotificationPage({ params }: Props) {
  const { id } = await params;
  await requireAdmin(`/admin/notifications/${id}`);
  const db = await getDb();
  const message = isUuid(id) ? await findOutboxMessage(db, id) : null;
  if (!message) notFound();
  const preview = await renderOutboxPreview(db, message);
  const status = outboxStatusLabels[message.status];
  const facts: Array<[string, React.ReactNode]> = [
    ['Status', <Pill key="s" tone={status.tone} testId="outbox-status">{status.label}</Pill>],
    ['Channel', message.channel === 'sms' ? 'Text (SMS)' : 'Email'],
    ['To', message.recipient],
    ['Template', <code key="t" className="text-xs">{message.template}</code>],
    ['Queued', formatUtc(message.createdAt)],
    ['Attempts', String(message.attempts)],
    [message.status === 'pending' ? 'Next attempt' : 'Last change', formatUtc(message.status === 'pending' ? message.nextAttemptAt : message.updatedAt)],
    ['Sent', message.sentAt ? formatUtc(message.sentAt) : '—'],
    ['Provider id', message.providerMessageId ? <code key="p" className="break-all text-xs">{message.providerMessageId}</code> : '—'],
    ['Business key', <code key="k" className="break-all text-xs">{message.dedupeKey}</code>],
  ];

  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <Link href="/admin/notifications" className="text-sm font-semibold text-brand-600 hover:underline">← Notifications</Link>
        <PageHeader title={preview.ok && message.channel === 'email' ? preview.subject : message.template} description={`To ${message.recipient}`} />
      </div>
      <section aria-labelledby="delivery" className="rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="delivery" className="text-base font-semibold">Delivery</h2>
        <dl className="mt-2 grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-4 gap-y-1.5 text-sm">
          {facts.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-slate-600">{label}</dt>
              <dd className="min-w-0">{value}</dd>
            </div>
          ))}
        </dl>
        {message.lastError ? (
          <div className="mt-3 rounded-lg bg-red-50 p-3 text-sm text-red-900">
            <p className="font-medium">Last error</p>
            <p className="break-words font-mono text-xs" data-testid="outbox-error">{message.lastError}</p>
          </div>
        ) : null}
        {message.status === 'failed' ? (
          <div className="mt-3">
            <ResendForm outboxId={message.id} label={`${message.template} to ${message.recipient}`} />
          </div>
        ) : null}
      </section>
      <section aria-labelledby="message" className="space-y-3">
        <h2 id="message" className="text-base font-semibold">The message</h2>
        {!preview.ok ? (
          <p role="status" className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900">{preview.reason}</p>
        ) : message.channel === 'sms' ? (
          <pre className="whitespace-pre-wrap rounded-xl border border-slate-200 bg-white p-4 font-mono text-sm" data-testid="outbox-sms">{preview.sms}</pre>
        ) : (
          <iframe title="Rendered email" srcDoc={preview.html} sandbox="" className="h-[640px] w-full rounded-xl border border-slate-200 bg-white" />
        )}
        <details className="rounded-xl border border-slate-200 bg-white p-4 text-sm">
          <summary className="cursor-pointer font-medium">Stored data</summary>
          <pre className="mt-3 overflow-x-auto whitespace-pre-wrap break-all font-mono text-xs">{JSON.stringify(message.data, null, 2)}</pre>
        </details>
      </section>
    </div>
  );
}
