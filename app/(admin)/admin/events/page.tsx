import type { Metadata } from 'next';
import Link from 'next/link';
import { Pill } from '@/components/admin-catalog/pill';
import { PageHeader } from '@/components/admin/page-header';
import { StatCard, StatGrid } from '@/components/admin/stat-card';
import { EmptyState } from '@/components/ui/empty-state';
import { buttonClass } from '@/components/ui/button';
import { getDb } from '@/db/client';
import { countEventsPerHour, findRecordedEventIds, listEventsForAdmin, listRecentEventTypes } from '@/db/queries/admin-events';
import { readWebhookBacklog } from '@/db/queries/stripe-events';
import { stripeEventStatuses } from '@/db/schema/enums';
import { encodeCursor, eventsHref, parseEventFilters } from '@/lib/admin-events/filters';
import { eventStatusLabels, formatDuration, formatRate, formatUtc } from '@/lib/admin-events/format';
import { requireAdmin } from '@/lib/auth/guards';
import { listUndeliveredEvents, type UndeliveredEvent } from '@/lib/stripe/events';
import { ImportEventButton } from './event-buttons';
import { HourlyChart } from './hourly-chart';
import { logger } from '@/lib/log';

export const metadata: Metadata = { title: 'Webhook events' };

const PAGE_SIZE = 50;
const inputClass = 'w-full rounded-md border border-slate-300 px-3 py-2 text-sm';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function EventsPage({ searchParams }: Props) {
  await requireAdmin('/admin/events');
  const { filter, after, values, dropped } = parseEventFilters(await searchParams);
  const db = await getDb();
  const [rows, types, hourly, backlog, undelivered] = await Promise.all([
    listEventsForAdmin(db, filter, { limit: PAGE_SIZE + 1, after }),
    listRecentEventTypes(db),
    countEventsPerHour(db, 24),
    readWebhookBacklog(db),
    loadUndelivered(db),
  ]);
  const page = rows.slice(0, PAGE_SIZE);
  const last = page.at(-1);
  const nextCursor = rows.length > PAGE_SIZE && last ? encodeCursor(last) : null;
  const received = hourly.reduce((sum, h) => sum + h.received, 0);
  const processed = hourly.reduce((sum, h) => sum + h.processed, 0);
  const failing = hourly.reduce((sum, h) => sum + h.failed, 0);
  const filtered = Boolean(values.type || values.status || values.from || values.to);

  return (
    <div className="space-y-8">
      <PageHeader title="Webhook events" description="Every event Stripe sent, what Bursar did with it, and what Stripe could not deliver." />

      <section aria-labelledby="numbers" className="space-y-4">
        <h2 id="numbers" className="sr-only">Numbers</h2>
        <StatGrid label="Webhook numbers">
          <StatCard label="Received, 24 h" value={String(received)} definition="Events recorded in the last 24 hours (by when Bursar received them)." />
          <StatCard label="Processed, 24 h" value={String(processed)} definition="Events whose processing finished in the last 24 hours." />
          <StatCard
            label="Failure rate, 24 h"
            value={formatRate(failing, received)}
            tone={failing > 0 ? 'bad' : 'default'}
            hint={`${failing} failing or dead`}
            definition="Of the events received in the last 24 hours, the share whose processing is failing (being retried) or dead (out of attempts) now."
            testId="failure-rate"
          />
          <StatCard
            label="Current lag"
            value={backlog.oldestWaitingSeconds === null ? 'None' : formatDuration(backlog.oldestWaitingSeconds)}
            hint={`${backlog.waiting} waiting · ${backlog.failing} retrying · ${backlog.dead} dead`}
            definition="How long the oldest event still waiting (or being retried) has waited since Bursar received it. None when nothing waits."
            testId="lag"
          />
        </StatGrid>
        <HourlyChart hours={hourly} />
      </section>

      <UndeliveredSection result={undelivered} />

      <section aria-labelledby="recorded" className="space-y-4">
        <h2 id="recorded" className="text-xl font-semibold">Recorded events</h2>
        <form method="get" action="/admin/events" className="grid gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5 lg:items-end">
          <label className="block text-sm font-medium">
            Type
            <select name="type" defaultValue={values.type} className={`mt-1 ${inputClass}`}>
              <option value="">All types</option>
              {types.map((type) => (
                <option key={type} value={type}>{type}</option>
              ))}
            </select>
          </label>
          <label className="block text-sm font-medium">
            Status
            <select name="status" defaultValue={values.status} className={`mt-1 ${inputClass}`}>
              <option value="">All statuses</option>
              {stripeEventStatuses.map((status) => (
                <option key={status} value={status}>{eventStatusLabels[status].label}</option>
              ))}
            </select>
          </label>
          <label className="block text-sm font-medium">
            Received from
            <input type="date" name="from" defaultValue={values.from} className={`mt-1 ${inputClass}`} />
          </label>
          <label className="block text-sm font-medium">
            Received to
            <input type="date" name="to" defaultValue={values.to} className={`mt-1 ${inputClass}`} />
          </label>
          <div className="flex gap-2">
            <button type="submit" className={buttonClass('primary')}>Filter</button>
            {filtered ? <Link href="/admin/events" className={buttonClass('ghost')}>Clear</Link> : null}
          </div>
        </form>
        {dropped.length > 0 ? (
          <p role="status" className="rounded-md bg-amber-50 p-2 text-sm text-amber-900">
            Ignored a filter value that is not valid: {dropped.join(', ')}.
          </p>
        ) : null}

        {page.length === 0 ? (
          <EmptyState title={filtered || after ? 'No events match these filters' : 'No events yet'}>
            {filtered ? 'Try a wider date range or another status.' : 'Events appear here as soon as Stripe sends them.'}
          </EmptyState>
        ) : (
          <ol className="divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200 bg-white" aria-label="Events, newest first">
            {page.map((event) => {
              const status = eventStatusLabels[event.status];
              return (
                <li key={event.id} className="grid gap-1 p-4 sm:grid-cols-[1fr_auto] sm:gap-4" data-testid="event-row">
                  <div className="min-w-0 space-y-1">
                    <p className="flex flex-wrap items-center gap-2">
                      <Link href={`/admin/events/${event.id}`} className="font-mono text-sm font-semibold text-brand-700 hover:underline">
                        {event.type}
                      </Link>
                      <Pill tone={status.tone}>{status.label}</Pill>
                      {event.attempts > 1 ? <span className="text-xs text-slate-600">{event.attempts} attempts</span> : null}
                    </p>
                    <p className="truncate font-mono text-xs text-slate-600">
                      {event.id}
                      {event.objectId ? ` · ${event.objectId}` : ''}
                    </p>
                    {event.lastError ? <p className="line-clamp-2 text-sm text-red-800">{event.lastError}</p> : null}
                  </div>
                  <p className="text-xs text-slate-600 sm:text-right">
                    <time dateTime={event.receivedAt.toISOString()}>{formatUtc(event.receivedAt)}</time>
                  </p>
                </li>
              );
            })}
          </ol>
        )}
        <nav aria-label="Pages" className="flex gap-3">
          {after ? <Link href={eventsHref(values)} className={buttonClass('secondary')}>Newest</Link> : null}
          {nextCursor ? <Link href={eventsHref(values, { after: nextCursor })} className={buttonClass('secondary')}>Older events</Link> : null}
        </nav>
      </section>
    </div>
  );
}

type UndeliveredResult = { ok: true; events: UndeliveredEvent[] } | { ok: false };

/** Stripe's events of the last three days it could not deliver, less those recorded since. */
async function loadUndelivered(db: Awaited<ReturnType<typeof getDb>>): Promise<UndeliveredResult> {
  try {
    const events = await listUndeliveredEvents(3 * 24 * 3600);
    const recorded = await findRecordedEventIds(db, events.map((e) => e.id));
    return { ok: true, events: events.filter((e) => !recorded.has(e.id)) };
  } catch (error) {
    logger.warn({ err: error }, 'admin events: could not list undelivered events from Stripe');
    return { ok: false };
  }
}

function UndeliveredSection({ result }: { result: UndeliveredResult }) {
  if (result.ok && result.events.length === 0) return null;
  return (
    <section aria-labelledby="undelivered" className="space-y-3 rounded-xl border border-red-200 bg-red-50 p-4">
      <h2 id="undelivered" className="text-xl font-semibold text-red-900">Not delivered by Stripe</h2>
      {!result.ok ? (
        <p className="text-sm text-red-900">Stripe could not be asked for undelivered events just now. Reload to try again.</p>
      ) : (
        <>
          <p className="text-sm text-red-900">
            Stripe could not deliver these to Bursar (often a wrong webhook signing secret, see README “Going live”). Stripe keeps retrying
            for three days; fix the cause, then fetch them here to process them now.
          </p>
          <ul className="divide-y divide-red-200">
            {result.events.map((event) => (
              <li key={event.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between" data-testid="undelivered-row">
                <div className="min-w-0">
                  <p className="font-mono text-sm font-semibold">{event.type}</p>
                  <p className="truncate font-mono text-xs text-slate-700">
                    {event.id} · {formatUtc(event.created)}
                  </p>
                  <Pill tone="danger">Delivery failed</Pill>
                </div>
                <ImportEventButton eventId={event.id} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
