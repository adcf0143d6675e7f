import type { Metadata } from 'next';
import Link from 'next/link';
import { Pill } from '@/components/admin-catalog/pill';
import { AdminEmptyState } from '@/components/admin/empty-state';
import { FilterBar, FilterSearch, FilterSelect } from '@/components/admin/filter-bar';
import { PageHeader } from '@/components/admin/page-header';
import { buttonClass } from '@/components/ui/button';
import { getDb } from '@/db/client';
import { countOutboxByStatus, listOutboxForAdmin, listOutboxTemplates } from '@/db/queries/admin-notifications';
import { outboxStatuses } from '@/db/schema/enums';
import { requireAdmin } from '@/lib/auth/guards';
import { outboxHref, parseOutboxFilters } from '@/lib/notifications-admin/filters';
import { formatUtc, outboxStatusLabels } from '@/lib/notifications-admin/format';
import { ResendForm } from './resend-form';

export const metadata: Metadata = { title: 'Notifications' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const dateControl = 'mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm';

export default async function NotificationsPage({ searchParams }: Props) {
  await requireAdmin('/admin/notifications');
  const { filter, after, values, dropped } = parseOutboxFilters(await searchParams);
  const db = await getDb();
  const [{ rows, nextCursor }, counts, templates] = await Promise.all([listOutboxForAdmin(db, filter, after), countOutboxByStatus(db), listOutboxTemplates(db)]);
  const filtered = Object.values(values).some(Boolean);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Notifications"
        description="Every email and text Bursar queued: sent, waiting, or failed after its retries. Failed ones come first; resend them once the cause is fixed."
      >
        <p className="flex flex-wrap gap-2 text-sm" data-testid="outbox-counts">
          {outboxStatuses.map((s) => (
            <Link key={s} href={outboxHref({ status: s })} className="rounded-full px-3 py-1 ring-1 ring-slate-300 hover:bg-slate-50">
              {outboxStatusLabels[s].label}: <span className="tabular-nums">{counts[s] ?? 0}</span>
            </Link>
          ))}
        </p>
      </PageHeader>
      <FilterBar action="/admin/notifications" resetHref="/admin/notifications" label="Filter notifications">
        <FilterSelect name="status" label="Status" value={values.status} options={outboxStatuses.map((s) => ({ value: s, label: outboxStatusLabels[s].label }))} />
        <FilterSelect name="channel" label="Channel" value={values.channel} options={[{ value: 'email', label: 'Email' }, { value: 'sms', label: 'Text (SMS)' }]} />
        <FilterSelect name="template" label="Template" value={values.template} options={templates.map((t) => ({ value: t, label: t }))} />
        <FilterSearch name="recipient" label="Recipient starts with" value={values.recipient} placeholder="ada@ or +44" />
        <label className="block text-xs font-medium text-slate-700">
          Queued from
          <input type="date" name="from" defaultValue={values.from} className={dateControl} />
        </label>
        <label className="block text-xs font-medium text-slate-700">
          Queued to
          <input type="date" name="to" defaultValue={values.to} className={dateControl} />
        </label>
      </FilterBar>
      {dropped.length > 0 ? (
        <p role="status" className="rounded-md bg-amber-50 p-2 text-sm text-amber-900">
          Ignored a filter value that is not valid: {dropped.join(', ')}.
        </p>
      ) : null}

      {rows.length === 0 ? (
        <AdminEmptyState title={filtered || after ? 'No messages match these filters' : 'No messages yet'} clearHref={filtered ? '/admin/notifications' : undefined}>
          {filtered ? null : 'Receipts, sign-in links and alerts appear here as soon as they are queued.'}
        </AdminEmptyState>
      ) : (
        <ol className="divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200 bg-white" aria-label="Messages, failed first, then newest first" data-testid="outbox-list">
          {rows.map((m) => {
            const status = outboxStatusLabels[m.status];
            return (
              <li key={m.id} className="grid gap-2 p-4 sm:grid-cols-[1fr_auto] sm:items-start sm:gap-4" data-testid="outbox-row">
                <div className="min-w-0 space-y-1">
                  <p className="flex flex-wrap items-center gap-2">
                    <Link href={`/admin/notifications/${m.id}`} className="font-mono text-sm font-semibold text-brand-700 hover:underline">
                      {m.template}
                    </Link>
                    <Pill tone={status.tone}>{status.label}</Pill>
                    <span className="text-xs text-slate-600">{m.channel === 'sms' ? 'Text' : 'Email'}</span>
                    {m.attempts > 0 ? <span className="text-xs text-slate-600">{m.attempts} attempt{m.attempts === 1 ? '' : 's'}</span> : null}
                  </p>
                  <p className="truncate text-sm text-slate-700">to {m.recipient}</p>
                  {m.lastError && m.status !== 'sent' ? <p className="line-clamp-2 text-sm text-red-800">{m.lastError}</p> : null}
                </div>
                <div className="flex items-center gap-3 sm:flex-col sm:items-end">
                  <p className="text-xs text-slate-600">
                    <time dateTime={m.createdAt.toISOString()}>{formatUtc(m.createdAt)}</time>
                  </p>
                  {m.status === 'failed' ? <ResendForm outboxId={m.id} label={`${m.template} to ${m.recipient}`} /> : null}
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <nav aria-label="Pages" className="flex gap-3">
        {after ? <Link href={outboxHref(values)} className={buttonClass('secondary')}>First page</Link> : null}
        {nextCursor ? <Link href={outboxHref(values, { after: nextCursor })} className={buttonClass('secondary')}>Older messages</Link> : null}
      </nav>
    </div>
  );
}
