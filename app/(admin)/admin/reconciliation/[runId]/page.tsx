import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AdminEmptyState } from '@/components/admin/empty-state';
import { DataTable } from '@/components/admin/data-table';
import { MoneyAmount } from '@/components/admin/money';
import { PageHeader } from '@/components/admin/page-header';
import { StatCard, StatGrid } from '@/components/admin/stat-card';
import { StatusBadge } from '@/components/admin/status-badge';
import { getDb } from '@/db/client';
import { findRun, listItemsOfRun, type ReconciliationItemRow } from '@/db/queries/reconciliation-runs';
import { decodeKeyset, encodeKeyset } from '@/lib/admin/keyset';
import { hrefWith, param, type SearchParams } from '@/lib/admin/search-params';
import { requireAdmin } from '@/lib/auth/guards';
import type { RunProgress, RunSummary } from '@/lib/billing/reconciliation/run';
import { IgnoreForm, RefreshWhileRunning, ResyncForm } from '../forms';

export const metadata: Metadata = { title: 'Reconciliation run · Admin' };

const PAGE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISSUE_LABELS: Record<string, string> = { missing_locally: 'Missing in Bursar', missing_in_stripe: 'Missing in Stripe', mismatch: 'Differs' };

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${String(v)}`).join(', ');
  return String(value);
}

export default async function ReconciliationRunPage({ params, searchParams }: { params: Promise<{ runId: string }>; searchParams: Promise<SearchParams> }) {
  const { runId } = await params;
  await requireAdmin(`/admin/reconciliation/${runId}`);
  if (!UUID.test(runId)) notFound();
  const db = await getDb();
  const run = await findRun(db, runId);
  if (!run) notFound();
  const query = await searchParams;
  const cursor = decodeKeyset(param(query, 'after'));
  const after = cursor && !Number.isNaN(Date.parse(cursor.sort)) ? { createdAt: new Date(cursor.sort), id: cursor.id } : null;
  const rows = await listItemsOfRun(db, run.id, { limit: PAGE + 1, after });
  const items = rows.slice(0, PAGE);
  const last = items.at(-1);
  const path = `/admin/reconciliation/${run.id}`;
  const progress = run.progress as Partial<RunProgress>;
  const summary = run.summary as Partial<RunSummary>;
  const running = run.status === 'queued' || run.status === 'running';
  const period = run.windowStart && run.windowEnd ? `${run.windowStart.toISOString().slice(0, 10)} → ${new Date(run.windowEnd.getTime() - 1).toISOString().slice(0, 10)} (UTC)` : '';

  return (
    <div>
      <PageHeader title="Reconciliation run" description={period} actions={<Link href="/admin/reconciliation" className="text-sm text-brand-700 underline">All runs</Link>}>
        <div className="flex items-center gap-2 text-sm" role="status" aria-live="polite">
          <StatusBadge status={run.status} />
          {running ? <span>{run.status === 'queued' ? 'Waiting for a worker…' : `Working: ${progress.phase ?? 'starting'}`}</span> : null}
          {run.error ? <span className="text-red-700">{run.error}</span> : null}
        </div>
      </PageHeader>
      {running ? <RefreshWhileRunning /> : null}
      <StatGrid label="Run progress">
        <StatCard label="Stripe entries" value={progress.stripeEntries ?? 0} definition="Balance transactions Stripe listed for the period (charges, refunds, dispute withdrawals and reinstatements, payouts)." testId="recon-entries" />
        <StatCard label="Ledger rows" value={progress.ledgerRows ?? 0} definition="Local settled payments and succeeded refunds of the period checked for a Stripe counterpart." />
        <StatCard label="Differences" value={progress.differences ?? run.mismatchCount} tone={(progress.differences ?? 0) > 0 ? 'bad' : 'default'} definition="Differences recorded by this run, open or not." testId="recon-differences" />
        <StatCard label="Presentment ≠ settlement" value={summary.presentmentDiffers ?? 0} definition="Charges paid in another currency than the account settles in: amounts are compared in what the buyer paid, fees and net in what settled." />
      </StatGrid>
      {summary.settlement && Object.keys(summary.settlement).length > 0 ? (
        <section className="mt-6" aria-labelledby="settlement">
          <h2 id="settlement" className="mb-2 text-base font-semibold">Settlement by currency</h2>
          <DataTable
            caption="Gross, Stripe fees and net per settlement currency"
            rows={Object.entries(summary.settlement).map(([currency, t]) => ({ currency, ...t }))}
            rowKey={(r) => r.currency}
            columns={[
              { key: 'currency', header: 'Currency', cell: (r) => r.currency.toUpperCase() },
              { key: 'gross', header: 'Gross', align: 'right', cell: (r) => <MoneyAmount amount={r.gross} currency={r.currency} /> },
              { key: 'fees', header: 'Fees', align: 'right', cell: (r) => <MoneyAmount amount={r.fees} currency={r.currency} /> },
              { key: 'net', header: 'Net', align: 'right', cell: (r) => <MoneyAmount amount={r.net} currency={r.currency} /> },
              { key: 'entries', header: 'Entries', align: 'right', cell: (r) => r.entries, hideOnMobile: true },
            ]}
            empty={null}
          />
        </section>
      ) : null}
      {summary.payouts && summary.payouts.length > 0 ? (
        <section className="mt-6" aria-labelledby="payouts">
          <h2 id="payouts" className="mb-2 text-base font-semibold">Payouts</h2>
          <DataTable
            caption="Payouts of the period with the fees and net of what they paid out"
            rows={summary.payouts}
            rowKey={(p) => p.payoutId}
            columns={[
              { key: 'payout', header: 'Payout', cell: (p) => <code className="text-xs">{p.payoutId}</code> },
              { key: 'amount', header: 'Amount', align: 'right', cell: (p) => <MoneyAmount amount={p.amount} currency={p.currency} /> },
              { key: 'fees', header: 'Fees', align: 'right', cell: (p) => <MoneyAmount amount={p.fees} currency={p.currency} /> },
              { key: 'net', header: 'Net of entries', align: 'right', cell: (p) => <MoneyAmount amount={p.net} currency={p.currency} /> },
              { key: 'balanced', header: 'Adds up', cell: (p) => (p.balanced ? 'Yes' : <strong className="text-red-700">No</strong>) },
            ]}
            empty={null}
          />
        </section>
      ) : null}
      <section className="mt-6" aria-labelledby="differences">
        <h2 id="differences" className="mb-2 text-base font-semibold">Differences</h2>
        <DataTable
          caption="Differences found by this run"
          testId="recon-items"
          rows={items}
          rowKey={(i: ReconciliationItemRow) => i.id}
          columns={[
            { key: 'object', header: 'Object', cell: (i) => <span><span className="capitalize">{i.objectType}</span> <code className="text-xs">{i.stripeObjectId}</code></span> },
            { key: 'issue', header: 'Issue', cell: (i) => `${ISSUE_LABELS[i.issue] ?? i.issue}${i.field ? `: ${i.field.replace('_', ' ')}` : ''}` },
            { key: 'stripe', header: 'Stripe says', cell: (i) => show(i.expected), hideOnMobile: true },
            { key: 'ledger', header: 'Bursar says', cell: (i) => show(i.actual), hideOnMobile: true },
            { key: 'resolution', header: 'Resolution', cell: (i) => <span className="space-y-1"><StatusBadge status={i.resolution} tone={i.resolution === 'open' ? 'danger' : i.resolution === 'resolved' ? 'success' : 'neutral'} />{i.note ? <span className="block text-xs text-slate-600">{i.note}</span> : null}</span> },
            {
              key: 'actions',
              header: <span className="sr-only">Actions</span>,
              cell: (i) =>
                i.resolution === 'open' ? (
                  <div className="min-w-48 space-y-2">
                    {i.target ? <ResyncForm itemId={i.id} /> : <p className="text-xs text-slate-600">Stripe does not know this object: re-sync cannot repair it.</p>}
                    <IgnoreForm itemId={i.id} />
                  </div>
                ) : null,
            },
          ]}
          pagination={{ prevHref: after ? path : null, nextHref: rows.length > PAGE && last ? hrefWith(path, query, { after: encodeKeyset({ sort: last.createdAt.toISOString(), id: last.id }) }) : null }}
          empty={<AdminEmptyState title={running ? 'Nothing found so far' : 'No differences'}>{running ? 'Differences appear here as the run finds them.' : 'Stripe and the ledger agree for this period.'}</AdminEmptyState>}
        />
      </section>
    </div>
  );
}
