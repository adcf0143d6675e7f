import type { Metadata } from 'next';
import Link from 'next/link';
import { DataTable, type Column } from '@/components/admin/data-table';
import { DateRangePicker } from '@/components/admin/date-range-picker';
import { AdminEmptyState } from '@/components/admin/empty-state';
import { FilterBar, FilterSearch, FilterSelect } from '@/components/admin/filter-bar';
import { MoneyAmount } from '@/components/admin/money';
import { PageHeader } from '@/components/admin/page-header';
import { StatusBadge, statusLabel } from '@/components/admin/status-badge';
import { getDb } from '@/db/client';
import { type AdminRefundRow, countRecentFailedRefunds, listAdminRefunds, listRefundCurrencies } from '@/db/queries/admin-refunds';
import { refundStatuses } from '@/db/schema/enums';
import { decodeKeyset, encodeKeyset, slicePage } from '@/lib/admin/keyset';
import { readRefundFilters } from '@/lib/admin/refund-filters';
import { hrefWith, param, type SearchParams } from '@/lib/admin/search-params';
import { requireAdmin } from '@/lib/auth/guards';

export const metadata: Metadata = { title: 'Refunds · Admin' };

const PATH = '/admin/refunds';
const PAGE_SIZE = 50;
const FILTER_KEYS = ['status', 'currency', 'origin', 'q', 'range', 'from', 'to'] as const;

const columns: Column<AdminRefundRow>[] = [
  {
    key: 'date',
    header: 'Date (UTC)',
    cell: (r) => (
      <Link href={`/admin/payments/${r.paymentId}`} className="whitespace-nowrap font-medium text-brand-700 underline" aria-label={`Payment of the refund of ${new Date(r.createdAt).toISOString().slice(0, 16).replace('T', ' ')}`}>
        {new Date(r.createdAt).toISOString().slice(0, 16).replace('T', ' ')}
      </Link>
    ),
  },
  {
    key: 'learner',
    header: 'Learner',
    cell: (r) => (
      <span className="block max-w-[14rem] truncate" title={r.email ?? undefined}>
        {r.email ?? <span className="text-slate-500">unknown</span>}
        {r.name ? <span className="block truncate text-xs text-slate-500">{r.name}</span> : null}
      </span>
    ),
  },
  {
    key: 'amount',
    header: 'Refunded',
    align: 'right',
    cell: (r) => (
      <span className="flex flex-col items-end">
        <MoneyAmount amount={r.amount} currency={r.currency} className="font-medium" />
        <span className="text-xs text-slate-500">
          {r.amount === r.paymentAmount ? 'full' : <>of <MoneyAmount amount={r.paymentAmount} currency={r.currency} /></>}
        </span>
      </span>
    ),
  },
  {
    key: 'status',
    header: 'Status',
    cell: (r) => (
      <span className="flex flex-col items-start gap-1">
        <StatusBadge status={r.status} />
        {r.failureReason ? <span className="text-xs text-red-800">{statusLabel(r.failureReason)}</span> : null}
      </span>
    ),
  },
  { key: 'reason', header: 'Reason', hideOnMobile: true, cell: (r) => (r.reason ? statusLabel(r.reason) : <span className="text-slate-500">—</span>) },
  { key: 'access', header: 'Access', hideOnMobile: true, cell: (r) => (r.revokeAccess ? 'Revoked' : 'Kept') },
  { key: 'by', header: 'Issued by', hideOnMobile: true, cell: (r) => <span className="block max-w-[12rem] truncate">{r.requestedByEmail ?? 'Stripe'}</span> },
  { key: 'id', header: 'Refund', hideOnMobile: true, cell: (r) => <code className="text-xs">{r.stripeRefundId ?? 'awaiting Stripe'}</code> },
];

export default async function AdminRefundsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireAdmin(PATH);
  const params = await searchParams;
  const { filters, range } = readRefundFilters(params);
  const before = decodeKeyset(param(params, 'before'));
  const after = before ? null : decodeKeyset(param(params, 'after'));
  const direction = before ? 'before' : 'after';
  const db = await getDb();
  const [rows, failed, currencies] = await Promise.all([
    listAdminRefunds(db, filters, { keyset: before ?? after, direction, limit: PAGE_SIZE }),
    filters.status === 'failed' ? Promise.resolve(0) : countRecentFailedRefunds(db),
    listRefundCurrencies(db),
  ]);
  const page = slicePage(rows, PAGE_SIZE, direction, Boolean(before ?? after));
  const cursorOf = (r: AdminRefundRow) => encodeKeyset({ sort: new Date(r.createdAt).toISOString(), id: r.id });
  const first = page.rows[0];
  const last = page.rows[page.rows.length - 1];
  const filtered = FILTER_KEYS.some((k) => param(params, k));

  return (
    <div>
      <PageHeader
        title="Refunds"
        description="Every refund, whether issued here, in Stripe's dashboard or by the API, newest first. A failed refund means the learner did not get the money back."
        actions={
          <Link href="/admin/payments" className="text-sm font-medium text-brand-700 underline">
            Payments
          </Link>
        }
      >
        <DateRangePicker path={PATH} params={params} range={range} invalid={range.invalid} />
      </PageHeader>
      <div className="space-y-4">
        {failed > 0 ? (
          <div role="alert" className="flex flex-wrap items-center justify-between gap-2 rounded-xl border border-red-200 bg-red-50 p-3 text-sm text-red-900" data-testid="failed-refunds">
            <span>
              <strong>{failed} failed {failed === 1 ? 'refund' : 'refunds'}</strong> in the last 90 days: contact the learner or refund another way.
            </span>
            <Link href={hrefWith(PATH, {}, { status: 'failed', range: '90d' })} className="font-medium underline">
              Show failed refunds
            </Link>
          </div>
        ) : null}
        <FilterBar action={PATH} keep={{ range: param(params, 'range'), from: param(params, 'from'), to: param(params, 'to') }} resetHref={PATH} label="Filter refunds">
          <FilterSearch label="Search" value={filters.q} placeholder="ada@example.com, re_…, pi_…" />
          <FilterSelect name="status" label="Status" value={filters.status} options={refundStatuses.map((s) => ({ value: s, label: statusLabel(s) }))} />
          <FilterSelect name="currency" label="Currency" value={filters.currency} options={currencies.map((c) => ({ value: c, label: c.toUpperCase() }))} />
          <FilterSelect
            name="origin"
            label="Issued"
            value={filters.origin}
            options={[
              { value: 'dashboard', label: 'From this dashboard' },
              { value: 'stripe', label: 'At Stripe' },
            ]}
          />
        </FilterBar>
        <DataTable
          caption="Refunds"
          testId="refunds-table"
          columns={columns}
          rows={page.rows}
          rowKey={(r) => r.id}
          pagination={{
            prevHref: page.hasPrev && first ? hrefWith(PATH, params, { before: cursorOf(first), after: undefined }) : null,
            nextHref: page.hasNext && last ? hrefWith(PATH, params, { after: cursorOf(last), before: undefined }) : null,
            summary: `${page.rows.length} shown`,
          }}
          empty={
            filtered ? (
              <AdminEmptyState title="No refunds match these filters" clearHref={PATH}>
                Check the spelling, or widen the date range.
              </AdminEmptyState>
            ) : (
              <AdminEmptyState title="No refunds yet">Refunds appear here when one is issued from a payment&apos;s page or at Stripe.</AdminEmptyState>
            )
          }
        />
      </div>
    </div>
  );
}
