import type { Metadata } from 'next';
import Link from 'next/link';
import { AdminEmptyState } from '@/components/admin/empty-state';
import { DataTable } from '@/components/admin/data-table';
import { PageHeader } from '@/components/admin/page-header';
import { StatCard, StatGrid } from '@/components/admin/stat-card';
import { StatusBadge } from '@/components/admin/status-badge';
import { getDb } from '@/db/client';
import { readReconciliationSummary } from '@/db/queries/reconciliation';
import { listRuns } from '@/db/queries/reconciliation-runs';
import { decodeKeyset, encodeKeyset } from '@/lib/admin/keyset';
import { hrefWith, param, type SearchParams } from '@/lib/admin/search-params';
import { requireAdmin } from '@/lib/auth/guards';
import { yesterdayUtc } from '@/lib/billing/reconciliation/admin';
import { RefreshWhileRunning, StartRunForm } from './forms';

export const metadata: Metadata = { title: 'Reconciliation · Admin' };

const PAGE = 25;
const day = (d: Date) => d.toISOString().slice(0, 10);
const when = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—');

export default async function ReconciliationPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireAdmin('/admin/reconciliation');
  const params = await searchParams;
  const db = await getDb();
  const cursor = decodeKeyset(param(params, 'before'));
  const before = cursor && !Number.isNaN(Date.parse(cursor.sort)) ? { startedAt: new Date(cursor.sort), id: cursor.id } : null;
  const [rows, summary] = await Promise.all([listRuns(db, { limit: PAGE + 1, before }), readReconciliationSummary(db)]);
  const runs = rows.slice(0, PAGE);
  const last = runs.at(-1);
  const nextHref = rows.length > PAGE && last ? hrefWith('/admin/reconciliation', params, { before: encodeKeyset({ sort: last.startedAt.toISOString(), id: last.id }) }) : null;
  const active = runs.some((r) => r.status === 'queued' || r.status === 'running');
  const yesterday = yesterdayUtc();

  return (
    <div>
      <PageHeader title="Reconciliation" description="Stripe's balance transactions compared with Bursar's ledger: what is missing on either side and what differs. Runs daily for the day before; run it for any period here." />
      {active ? <RefreshWhileRunning /> : null}
      <StatGrid label="Reconciliation state">
        <StatCard
          label="Open differences"
          value={summary.openDifferences}
          tone={summary.openDifferences > 0 ? 'bad' : 'good'}
          definition="Differences found by any run that are neither repaired by re-sync nor ignored with a note."
          testId="recon-open"
        />
        <StatCard label="Last successful run" value={<span className="text-base">{when(summary.lastSuccessAt)}</span>} definition="When the most recent run that finished without an error ended." />
      </StatGrid>
      {summary.openDifferences > 0 ? (
        <p role="alert" className="mt-4 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          The ledger and Stripe disagree on {summary.openDifferences} point{summary.openDifferences === 1 ? '' : 's'}. Open the run to re-sync from Stripe or record why a difference is fine.
        </p>
      ) : null}
      <section className="mt-6 rounded-xl border border-slate-200 bg-white p-4" aria-labelledby="run-now">
        <h2 id="run-now" className="mb-3 text-base font-semibold">
          Run for a period
        </h2>
        <StartRunForm defaultFrom={yesterday} defaultTo={yesterday} />
      </section>
      <section className="mt-6" aria-labelledby="runs">
        <h2 id="runs" className="mb-3 text-base font-semibold">
          Runs
        </h2>
        <DataTable
          caption="Reconciliation runs, newest first"
          testId="recon-runs"
          rows={runs}
          rowKey={(r) => r.id}
          columns={[
            { key: 'started', header: 'Started', cell: (r) => <Link className="font-medium text-brand-700 underline" href={`/admin/reconciliation/${r.id}`}>{when(r.startedAt)}</Link> },
            { key: 'period', header: 'Period', cell: (r) => (r.windowStart && r.windowEnd ? `${day(r.windowStart)} → ${day(new Date(r.windowEnd.getTime() - 1))}` : '—') },
            { key: 'status', header: 'Status', cell: (r) => <StatusBadge status={r.status} /> },
            { key: 'trigger', header: 'By', cell: (r) => (r.trigger === 'admin' ? 'Admin' : 'Schedule'), hideOnMobile: true },
            { key: 'checked', header: 'Checked', align: 'right', cell: (r) => r.checkedCount || Number((r.progress as { stripeEntries?: number }).stripeEntries ?? 0), hideOnMobile: true },
            { key: 'differences', header: 'Differences', align: 'right', cell: (r) => (r.status === 'succeeded' ? r.mismatchCount : Number((r.progress as { differences?: number }).differences ?? 0)) },
          ]}
          pagination={{ prevHref: before ? '/admin/reconciliation' : null, nextHref }}
          empty={<AdminEmptyState title="No runs yet">The first daily run starts within minutes of the server starting; or run one for a period above.</AdminEmptyState>}
        />
      </section>
    </div>
  );
}
