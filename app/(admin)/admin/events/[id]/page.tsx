import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Pill } from '@/components/admin-catalog/pill';
import { getDb } from '@/db/client';
import { findStripeEvent } from '@/db/queries/stripe-events';
import { eventStatusLabels, formatDuration, formatUtc } from '@/lib/admin-events/format';
import { requireAdmin } from '@/lib/auth/guards';
import { ReplayEventButton } from '../event-buttons';

export const metadata: Metadata = { title: 'Webhook event' };

type Props = { params: Promise<{ id: string }> };

export default async function EventPage({ params }: Props) {
  const { id } = await params;
  await requireAdmin(`/admin/events/${id}`);
  const event = /^evt_[A-Za-z0-9_]{1,250}$/.test(id) ? await findStripeEvent(await getDb(), id) : null;
  if (!event) notFound();
  const status = eventStatusLabels[event.status];
  const took = event.processedAt ? (event.processedAt.getTime() - event.receivedAt.getTime()) / 1000 : null;

  return (
    <div className="space-y-6">
      <Link href="/admin/events" className="text-sm font-semibold text-brand-600 hover:underline">← All events</Link>
      <div className="space-y-2">
        <h1 className="break-all font-mono text-2xl font-bold tracking-tight">{event.type}</h1>
        <p className="flex flex-wrap items-center gap-2">
          <Pill tone={status.tone} testId="event-status">{status.label}</Pill>
          <span className="break-all font-mono text-sm text-slate-600">{event.id}</span>
        </p>
      </div>

      <dl className="grid gap-x-6 gap-y-2 rounded-xl border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="text-slate-600">Object</dt>
        <dd className="break-all font-mono">{event.objectId ?? '—'}</dd>
        <dt className="text-slate-600">Lane</dt>
        <dd className="break-all font-mono">{event.lane ?? 'none (not handled)'}</dd>
        <dt className="text-slate-600">Created at Stripe</dt>
        <dd>{formatUtc(event.stripeCreatedAt)}</dd>
        <dt className="text-slate-600">Received</dt>
        <dd>{formatUtc(event.receivedAt)}</dd>
        <dt className="text-slate-600">Processed</dt>
        <dd data-testid="event-processed">{event.processedAt ? `${formatUtc(event.processedAt)} (${formatDuration(took ?? 0)} after receipt)` : 'not yet'}</dd>
        <dt className="text-slate-600">Attempts</dt>
        <dd data-testid="event-attempts">{event.attempts}</dd>
        <dt className="text-slate-600">API version</dt>
        <dd className="font-mono">{event.apiVersion ?? '—'}</dd>
        <dt className="text-slate-600">Result</dt>
        <dd data-testid="event-result">{event.result ?? '—'}</dd>
      </dl>

      {event.lastError ? (
        <section aria-labelledby="error" className="rounded-xl border border-red-200 bg-red-50 p-4">
          <h2 id="error" className="font-semibold text-red-900">Last error</h2>
          <pre className="mt-2 whitespace-pre-wrap break-words text-sm text-red-900" data-testid="event-error">{event.lastError}</pre>
        </section>
      ) : null}

      {event.lane ? (
        <section aria-labelledby="replay" className="space-y-2 rounded-xl border border-slate-200 bg-white p-4">
          <h2 id="replay" className="font-semibold">Replay</h2>
          <p className="text-sm text-slate-600">
            Processes the event again: Bursar re-reads the object from Stripe and converges, so a replay never doubles an enrollment, a
            refund or an email.
          </p>
          {event.status === 'received' ? <p className="text-sm">Waiting for a worker already.</p> : <ReplayEventButton eventId={event.id} />}
        </section>
      ) : null}

      <section aria-labelledby="payload" className="space-y-2">
        <h2 id="payload" className="text-xl font-semibold">Payload</h2>
        {/* Rendered as text by React: a payload cannot inject markup. */}
        <pre tabIndex={0} aria-label="Event payload (JSON)" className="max-h-[32rem] overflow-auto rounded-xl bg-slate-900 p-4 text-xs leading-relaxed text-slate-100">
          {JSON.stringify(event.payload, null, 2)}
        </pre>
      </section>
    </div>
  );
}
