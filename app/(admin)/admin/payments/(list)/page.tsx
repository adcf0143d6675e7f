import type { Metadata } from 'next';
import Link from 'next/link';
import { DataTable, type Column } from '@/components/admin/data-table';
import { DateRangePicker } from '@/components/admin/date-range-picker';
import { AdminEmptyState } from '@/components/admin/empty-state';
import { FilterBar, FilterSearch, FilterSelect } from '@/components/admin/filter-bar';
import { PageHeader } from '@/components/admin/page-header';
import { AmountCell, methodText, receiptNumberFor } from '@/components/admin/payments/payment-cells';
import { ExportButton } from '@/components/admin/payments/export-button';
import { StatusBadge, statusLabel } from '@/components/admin/status-badge';
import { getDb } from '@/db/client';
import { listAdminPayments, listPaymentFilterOptions, type AdminPaymentRow } from '@/db/queries/admin-payments';
import { paymentStatuses } from '@/db/schema/enums';
import { decodeKeyset, encodeKeyset, slicePage } from '@/lib/admin/keyset';
import { readPaymentFilters } from '@/lib/admin/payment-search';
import { hrefWith, param, type SearchParams } from '@/lib/admin/search-params';
import { requireAdmin } from '@/lib/auth/guards';

export const metadata: Metadata = { title: 'Payments' };

const PAGE_SIZE = 50;
const FILTER_KEYS = ['status', 'currency', 'method', 'product', 'q', 'range', 'from', 'to'] as const;

const columns: Column<AdminPaymentRow>[] = [
  {
    key: 'date',
    header: 'Date (UTC)',
    cell: (p) => (
      <Link href={`/admin/payments/${p.id}`} className="whitespace-nowrap font-medium text-brand-700 underline">
        {new Date(p.createdAt).toISOString().slice(0, 16).replace('T', ' ')}
      </Link>
    ),
  },
  {
    key: 'learner',
    header: 'Learner',
    cell: (p) => (
      <span className="block max-w-[14rem] truncate" title={p.email ?? undefined}>
        {p.email ?? <span className="text-slate-500">unknown</span>}
        {p.name ? <span className="block truncate text-xs text-slate-500">{p.name}</span> : null}
      </span>
    ),
  },
  { key: 'product', header: 'Product', hideOnMobile: true, cell: (p) => <span className="block max-w-[14rem] truncate">{p.courseTitle ?? (p.stripeInvoiceId ? 'All-Access' : (p.description ?? '—'))}</span> },
  { key: 'amount', header: 'Amount', align: 'right', cell: (p) => <AmountCell amount={p.amount} amountRefunded={p.amountRefunded} currency={p.currency} /> },
  { key: 'status', header: 'Status', cell: (p) => <StatusBadge status={p.status} /> },
  { key: 'method', header: 'Method', hideOnMobile: true, cell: (p) => <span className="whitespace-nowrap">{methodText(p)}</span> },
  { key: 'receipt', header: 'Receipt', hideOnMobile: true, cell: (p) => <code className="text-xs">{receiptNumberFor(p.id)}</code> },
];

export default async function AdminPaymentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireAdmin('/admin/payments');
  const params = await searchParams;
  const { filters, range } = readPaymentFilters(params);
  const before = decodeKeyset(param(params, 'before'));
  const after = before ? null : decodeKeyset(param(params, 'after'));
  const direction = before ? 'before' : 'after';
  const db = await getDb();
  const [rows, options] = await Promise.all([listAdminPayments(db, filters, { keyset: before ?? after, direction, limit: PAGE_SIZE }), listPaymentFilterOptions(db)]);
  const page = slicePage(rows, PAGE_SIZE, direction, Boolean(before ?? after));
  const cursorOf = (p: AdminPaymentRow) => encodeKeyset({ sort: new Date(p.createdAt).toISOString(), id: p.id });
  const first = page.rows[0];
  const last = page.rows[page.rows.length - 1];
  const filtered = FILTER_KEYS.some((k) => param(params, k));
  const exportQuery = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = param(params, key);
    if (value) exportQuery.set(key, value);
  }

  return (
    <div>
      <PageHeader title="Payments" description="Every payment Stripe reported, newest first. Search by email, name, any Stripe id or receipt number." actions={
          <>
            <Link href="/admin/refunds" className="text-sm font-medium text-brand-700 underline">
              Refunds
            </Link>
            <ExportButton query={exportQuery.toString()} />
          </>
        }
      >
        <DateRangePicker path="/admin/payments" params={params} range={range} invalid={range.invalid} />
      </PageHeader>
      <div className="space-y-4">
        <FilterBar action="/admin/payments" keep={{ range: param(params, 'range'), from: param(params, 'from'), to: param(params, 'to') }} resetHref="/admin/payments" label="Filter payments">
          <FilterSearch label="Search" value={filters.q} placeholder="ada@example.com, pi_…, BR-…" />
          <FilterSelect name="status" label="Status" value={filters.status} options={paymentStatuses.map((s) => ({ value: s, label: statusLabel(s) }))} />
          <FilterSelect name="currency" label="Currency" value={filters.currency} options={options.currencies.map((c) => ({ value: c, label: c.toUpperCase() }))} />
          <FilterSelect name="method" label="Method" value={filters.method} options={options.methods.map((m) => ({ value: m, label: statusLabel(m) }))} />
          <FilterSelect
            name="product"
            label="Course or plan"
            value={filters.product}
            options={[{ value: 'plan', label: 'All-Access plan' }, ...options.courses.map((c) => ({ value: `course:${c.id}`, label: c.title }))]}
          />
        </FilterBar>
        <DataTable
          caption="Payments"
          testId="payments-table"
          columns={columns}
          rows={page.rows}
          rowKey={(p) => p.id}
          pagination={{
            prevHref: page.hasPrev && first ? hrefWith('/admin/payments', params, { before: cursorOf(first), after: undefined }) : null,
            nextHref: page.hasNext && last ? hrefWith('/admin/payments', params, { after: cursorOf(last), before: undefined }) : null,
            summary: `${page.rows.length} shown`,
          }}
          empty={
            filtered ? (
              <AdminEmptyState title="No payments match these filters" clearHref="/admin/payments">
                Check the spelling, or widen the date range.
              </AdminEmptyState>
            ) : (
              <AdminEmptyState title="No payments yet">Payments appear here as soon as Stripe reports them.</AdminEmptyState>
            )
          }
        />
      </div>
    </div>
  );
}
