import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AdminSkeleton } from '@/components/admin/skeleton';
import { DateRangePicker } from '@/components/admin/date-range-picker';
import { MoneyAmount } from '@/components/admin/money';
import { PageHeader } from '@/components/admin/page-header';
import { StatCard, StatGrid } from '@/components/admin/stat-card';
import { NeedsAttention } from '@/components/admin/overview/needs-attention';
import { OutcomeList } from '@/components/admin/overview/outcome-list';
import { CurrencyTabs } from '@/components/admin/overview/currency-tabs';
import { TimeSeriesChart } from '@/components/admin/time-series-chart';
import { AdminEmptyState } from '@/components/admin/empty-state';
import { getDb } from '@/db/client';
import { parseDateRange } from '@/lib/admin/date-range';
import { METRIC_DEFINITIONS as D } from '@/lib/admin/metric-definitions';
import { loadOverview } from '@/lib/admin/overview';
import { param, type SearchParams } from '@/lib/admin/search-params';
import { requireAdmin } from '@/lib/auth/guards';

export const metadata: Metadata = { title: 'Admin overview' };

const pct = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(rate < 0.1 ? 2 : 1)} %`);

export default async function AdminOverviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireAdmin('/admin');
  const params = await searchParams;
  const range = parseDateRange({ range: param(params, 'range'), from: param(params, 'from'), to: param(params, 'to') });
  return (
    <div className="space-y-8">
      <PageHeader title="Store overview" description={`${range.label} · UTC · each currency on its own, never added together.`}>
        <DateRangePicker path="/admin" params={params} range={range} invalid={range.invalid} />
      </PageHeader>

      <Suspense fallback={<AdminSkeleton cards={8} label="Loading the numbers…" />}>
        <OverviewBody params={params} range={range} />
      </Suspense>
      <Suspense fallback={<AdminSkeleton cards={3} label="Loading what needs attention…" />}>
        <NeedsAttentionSection />
      </Suspense>
      <p className="text-xs text-slate-500">Each number&apos;s definition is behind the (i) beside it (hover, focus or tap) and in docs/metrics.md.</p>
    </div>
  );
}

/** The currency with the most successful payments, then the one with the most MRR. */
function pickDefault(overview: Awaited<ReturnType<typeof loadOverview>>): string | undefined {
  const list = Object.values(overview.byCurrency);
  list.sort((a, b) => b.successfulPayments - a.successfulPayments || b.mrr - a.mrr || a.currency.localeCompare(b.currency));
  return list[0]?.currency;
}

async function NeedsAttentionSection() {
  return <NeedsAttention db={await getDb()} />;
}

async function OverviewBody({ params, range }: { params: SearchParams; range: ReturnType<typeof parseDateRange> }) {
  const db = await getDb();
  const overview = await loadOverview(db, range, range.bucket);
  const requested = param(params, 'currency')?.toLowerCase();
  const currency = requested && overview.currencies.includes(requested) ? requested : pickDefault(overview);
  const o = currency ? overview.byCurrency[currency] : undefined;
  const money = (amount: number) => (currency ? <MoneyAmount amount={amount} currency={currency} /> : '—');

  return (
    <>
      {!o || !currency ? (
        <AdminEmptyState title="No payments or subscriptions in this range">Pick a longer range, or wait for the first sale.</AdminEmptyState>
      ) : (
        <>
          <CurrencyTabs currencies={overview.currencies} current={currency} params={params} />
          <section aria-labelledby="revenue-h" className="space-y-3">
            <h2 id="revenue-h" className="text-lg font-semibold">Revenue</h2>
            <StatGrid label="Revenue">
              <StatCard testId="metric-gross" label="Gross revenue" value={money(o.gross)} definition={D.grossRevenue} hint={`${o.successfulPayments} successful payments`} />
              <StatCard testId="metric-refunds" label="Refunds" value={money(o.refunds)} definition={D.refunds} hint={`${o.refundCount} refunds`} />
              <StatCard testId="metric-disputes-lost" label="Disputes lost" value={money(o.disputesLost)} definition={D.disputesLost} hint={`${o.disputesLostCount} disputes`} />
              <StatCard testId="metric-net" label="Net revenue" value={money(o.net)} definition={D.netRevenue} />
              <StatCard testId="metric-new-customers" label="New customers" value={o.newCustomers} definition={D.newCustomers} />
              <StatCard testId="metric-refund-rate" label="Refund rate" value={pct(o.refundRate)} definition={D.refundRate} />
              <StatCard testId="metric-dispute-rate" label="Dispute rate" value={pct(o.disputeRate)} definition={D.disputeRate} hint={`${o.disputesOpened} opened`} tone={o.disputeRate !== null && o.disputeRate >= 0.0075 ? 'bad' : 'default'} />
              <OutcomeList outcomes={o.outcomes} definition={D.paymentsByOutcome} />
            </StatGrid>
            <TimeSeriesChart title={`Net revenue, ${currency.toUpperCase()}, by ${range.bucket}`} points={overview.revenueSeries[currency] ?? []} currency={currency} />
          </section>

          <section aria-labelledby="mrr-h" className="space-y-3">
            <h2 id="mrr-h" className="text-lg font-semibold">Subscriptions</h2>
            <StatGrid label="Recurring revenue">
              <StatCard testId="metric-mrr" label="MRR" value={money(o.mrr)} definition={D.mrr} hint={<>at start: {money(o.mrrAtStart)}</>} />
              <StatCard testId="metric-arr" label="ARR" value={money(o.arr)} definition={D.arr} />
              <StatCard testId="metric-subscribers" label="Active subscribers" value={o.subscribers} definition={D.activeSubscribers} hint={`${o.subscribersAtStart} at start`} />
              <StatCard testId="metric-churn-rate" label="Customer churn rate" value={pct(o.customerChurnRate)} definition={D.customerChurnRate} hint={`${o.churnedCustomers} churned`} />
              <StatCard testId="metric-recovery-rate" label="Failed-payment recovery" value={pct(o.recoveryRate)} definition={D.recoveryRate} hint={`${o.recoveredInvoices} of ${o.failedInvoices} invoices`} />
            </StatGrid>
            <h3 className="text-sm font-semibold text-slate-700">MRR movements in the range</h3>
            <StatGrid label="MRR movements">
              <StatCard testId="mrr-new" label="New" value={money(o.movements.new.amount)} definition={D.mrrNew} hint={`${o.movements.new.customers} customers`} tone="good" />
              <StatCard testId="mrr-expansion" label="Expansion" value={money(o.movements.expansion.amount)} definition={D.mrrExpansion} hint={`${o.movements.expansion.customers} customers`} tone="good" />
              <StatCard testId="mrr-reactivation" label="Reactivation" value={money(o.movements.reactivation.amount)} definition={D.mrrReactivation} hint={`${o.movements.reactivation.customers} customers`} tone="good" />
              <StatCard testId="mrr-contraction" label="Contraction" value={money(o.movements.contraction.amount)} definition={D.mrrContraction} hint={`${o.movements.contraction.customers} customers`} tone="bad" />
              <StatCard testId="mrr-churn" label="Churned" value={money(o.movements.churn.amount)} definition={D.mrrChurn} hint={`${o.movements.churn.customers} customers`} tone="bad" />
            </StatGrid>
            <TimeSeriesChart title={`MRR, ${currency.toUpperCase()}, end of each ${range.bucket}`} points={overview.mrrSeries[currency] ?? []} currency={currency} />
          </section>
        </>
      )}

    </>
  );
}
