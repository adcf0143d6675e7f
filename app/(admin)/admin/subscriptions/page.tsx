import type { Metadata } from 'next';
import Link from 'next/link';
import { AdminEmptyState } from '@/components/admin/empty-state';
import { type Column, DataTable } from '@/components/admin/data-table';
import { FilterBar, FilterSelect } from '@/components/admin/filter-bar';
import { MoneyAmount } from '@/components/admin/money';
import { PageHeader } from '@/components/admin/page-header';
import { StatusBadge, statusLabel } from '@/components/admin/status-badge';
import { getDb } from '@/db/client';
import { type AdminSubscriptionRow, countSubscriptionsByStatus, listSubscriptionsForAdmin, type SubscriptionCursor } from '@/db/queries/admin-subscriptions';
import { type SubscriptionStatus, subscriptionStatuses } from '@/db/schema/enums';
import { decodeKeyset, encodeKeyset, slicePage } from '@/lib/admin/keyset';
import { hrefWith, param, type SearchParams } from '@/lib/admin/search-params';
import { requireAdmin } from '@/lib/auth/guards';

export const metadata: Metadata = { title: 'Subscriptions · Admin' };

const PATH = '/admin/subscriptions';
const LIMIT = 25;

function cursorOf(value: string | undefined): SubscriptionCursor | null {
  const keyset = decodeKeyset(value);
  const [rank, at] = keyset?.sort.split('|') ?? [];
  const createdAt = at ? new Date(at) : null;
  if (!keyset || !createdAt || Number.isNaN(createdAt.getTime()) || !/^[0-5]$/.test(rank ?? '') || !/^[0-9a-f-]{36}$/.test(keyset.id)) return null;
  return { rank: Number(rank), createdAt, id: keyset.id };
}

const encode = (row: AdminSubscriptionRow) => encodeKeyset({ sort: `${row.rank}|${row.createdAt.toISOString()}`, id: row.id });

export default async function SubscriptionsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireAdmin(PATH);
  const sp = await searchParams;
  const asked = param(sp, 'status');
  const status = subscriptionStatuses.find((s) => s === asked) as SubscriptionStatus | undefined;
  const before = cursorOf(param(sp, 'before'));
  const after = before ? null : cursorOf(param(sp, 'after'));
  const direction = before ? 'before' : 'after';
  const db = await getDb();
  const [fetched, counts] = await Promise.all([listSubscriptionsForAdmin(db, { status, cursor: before ?? after, direction, limit: LIMIT }), countSubscriptionsByStatus(db)]);
  const page = slicePage(fetched, LIMIT, direction, Boolean(before ?? after));
  const first = page.rows[0];
  const last = page.rows.at(-1);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);

  const columns: Column<AdminSubscriptionRow>[] = [
    {
      key: 'learner',
      header: 'Learner',
      cell: (s) => (
        <Link href={`${PATH}/${s.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
          <span className="block">{s.learnerName ?? s.learnerEmail}</span>
          {s.learnerName ? <span className="block text-xs font-normal text-slate-600">{s.learnerEmail}</span> : null}
        </Link>
      ),
    },
    { key: 'status', header: 'Status', cell: (s) => <StatusBadge status={s.status} label={s.cancelAtPeriodEnd && s.status === 'active' ? 'Active · ends' : undefined} /> },
    { key: 'plan', header: 'Plan', cell: (s) => (s.unitAmount != null && s.currency ? <span><MoneyAmount amount={s.unitAmount} currency={s.currency} /> / {s.interval}</span> : (s.planName ?? '—')), hideOnMobile: true },
    { key: 'period', header: 'Period ends', cell: (s) => (s.currentPeriodEnd ? s.currentPeriodEnd.toISOString().slice(0, 10) : '—'), hideOnMobile: true },
    { key: 'dunning', header: 'Failed renewals', align: 'right', cell: (s) => (s.dunningStage > 0 ? <span className="font-semibold text-amber-800">{s.dunningStage}</span> : '—'), hideOnMobile: true },
  ];

  return (
    <div className="space-y-4">
      <PageHeader title="Subscriptions" description="All-Access subscriptions, past due first: those are the renewals Stripe is still trying to collect." />
      <FilterBar action={PATH} resetHref={PATH} label="Filter subscriptions">
        <FilterSelect
          name="status"
          label="Status"
          value={status}
          allLabel={`All (${total})`}
          options={subscriptionStatuses.map((s) => ({ value: s, label: `${statusLabel(s)} (${counts.get(s) ?? 0})` }))}
        />
      </FilterBar>
      <DataTable
        caption="Subscriptions"
        columns={columns}
        rows={page.rows}
        rowKey={(s) => s.id}
        testId="subscriptions"
        pagination={{
          prevHref: page.hasPrev && first ? hrefWith(PATH, sp, { before: encode(first), after: undefined }) : null,
          nextHref: page.hasNext && last ? hrefWith(PATH, sp, { after: encode(last), before: undefined }) : null,
          summary: status ? `${counts.get(status) ?? 0} ${statusLabel(status).toLowerCase()}` : `${total} in all`,
        }}
        empty={
          <AdminEmptyState title={status ? `No ${statusLabel(status).toLowerCase()} subscriptions` : 'No subscriptions yet'} clearHref={status ? PATH : undefined}>
            {status ? 'Try another status.' : 'Subscriptions appear here when learners subscribe to All-Access.'}
          </AdminEmptyState>
        }
      />
    </div>
  );
}
