import type { Metadata } from 'next';
import Link from 'next/link';
import { DataTable, type Column } from '@/components/admin/data-table';
import { AdminEmptyState } from '@/components/admin/empty-state';
import { PageHeader } from '@/components/admin/page-header';
import { StatusBadge } from '@/components/admin/status-badge';
import { getDb } from '@/db/client';
import { type AdminAlertRow, listAdminAlerts } from '@/db/queries/alerts';
import { alertDelivery } from '@/lib/alerts/alerts';
import { requireAdmin } from '@/lib/auth/guards';
import { AcknowledgeForm } from './acknowledge-form';

export const metadata: Metadata = { title: 'Alerts · Admin' };

const PAGE_SIZE = 50;
const KIND_LABELS: Record<AdminAlertRow['kind'], string> = {
  dispute_opened: 'Dispute',
  refund_failed: 'Refund failed',
  payout_failed: 'Payout failed',
  webhooks_dead: 'Dead letter',
  webhooks_lagging: 'Webhook lag',
  reconciliation_difference: 'Reconciliation',
};
const when = (date: Date) => date.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** What needs an admin: open alerts first (with "Acknowledge"), then the handled ones. */
export default async function AlertsPage({ searchParams }: Props) {
  await requireAdmin('/admin/alerts');
  const query = await searchParams;
  const show = query.show === 'acknowledged' ? 'acknowledged' : 'open';
  const db = await getDb();
  const rows = await listAdminAlerts(db, { open: show === 'open', limit: PAGE_SIZE });
  const emails =
    alertDelivery.mode === 'off'
      ? 'Alerts are shown here only (ADMIN_ALERT_EMAILS=off).'
      : alertDelivery.mode === 'digest'
        ? `Alerts are emailed to the admins once a day, at ${String(alertDelivery.digestHour).padStart(2, '0')}:00 UTC.`
        : 'Each alert is also emailed to the admins as it happens.';

  const columns: Column<AdminAlertRow>[] = [
    { key: 'kind', header: 'Kind', cell: (a) => <StatusBadge status={a.kind} label={KIND_LABELS[a.kind]} tone={a.kind === 'webhooks_lagging' ? 'warning' : 'danger'} /> },
    {
      key: 'title',
      header: 'What happened',
      cell: (a) => (
        <div className="min-w-0 max-w-xl">
          <p className="font-medium">{a.href ? <Link href={a.href} className="underline-offset-2 hover:underline">{a.title}</Link> : a.title}</p>
          {a.detail ? <p className="mt-0.5 text-xs text-slate-600">{a.detail}</p> : null}
        </div>
      ),
    },
    { key: 'raised', header: 'Raised', cell: (a) => <time dateTime={a.createdAt.toISOString()}>{when(a.createdAt)}</time>, hideOnMobile: true },
    show === 'open'
      ? { key: 'act', header: <span className="sr-only">Action</span>, align: 'right', cell: (a) => <AcknowledgeForm alertId={a.id} title={a.title} /> }
      : { key: 'ack', header: 'Acknowledged', cell: (a) => (a.acknowledgedAt ? when(a.acknowledgedAt) : '—'), hideOnMobile: true },
  ];

  return (
    <div className="space-y-6">
      <PageHeader title="Alerts" description={`Disputes, failed refunds and payouts, dead or lagging webhooks and reconciliation differences. ${emails}`} />
      <nav aria-label="Alert state" className="flex gap-2 text-sm">
        {(['open', 'acknowledged'] as const).map((state) => (
          <Link
            key={state}
            href={state === 'open' ? '/admin/alerts' : '/admin/alerts?show=acknowledged'}
            aria-current={show === state ? 'page' : undefined}
            className={`rounded-full px-3 py-1 ${show === state ? 'bg-slate-900 text-white' : 'bg-slate-100 text-slate-700 hover:bg-slate-200'}`}
          >
            {state === 'open' ? 'Open' : 'Acknowledged'}
          </Link>
        ))}
      </nav>
      <DataTable
        caption={show === 'open' ? 'Open alerts' : 'Acknowledged alerts'}
        columns={columns}
        rows={rows}
        rowKey={(a) => a.id}
        testId="alerts-table"
        empty={
          <AdminEmptyState title={show === 'open' ? 'Nothing needs you right now' : 'No acknowledged alerts yet'}>
            {show === 'open' ? 'New disputes, failed refunds or payouts and webhook trouble appear here.' : 'Alerts you acknowledge are kept here.'}
          </AdminEmptyState>
        }
      />
      {rows.length === PAGE_SIZE ? <p className="text-xs text-slate-500">Showing the newest {PAGE_SIZE}.</p> : null}
    </div>
  );
}
