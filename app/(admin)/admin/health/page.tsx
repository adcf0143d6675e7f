import type { Metadata } from 'next';
import Link from 'next/link';
import { DataTable } from '@/components/admin/data-table';
import { PageHeader } from '@/components/admin/page-header';
import { StatCard, StatGrid } from '@/components/admin/stat-card';
import { StatusBadge } from '@/components/admin/status-badge';
import { getDb } from '@/db/client';
import { readOutboxBacklog } from '@/db/queries/outbox';
import { readReconciliationSummary } from '@/db/queries/reconciliation';
import { readWebhookBacklog } from '@/db/queries/stripe-events';
import { requireAdmin } from '@/lib/auth/guards';
import { checkReadiness } from '@/lib/ops/readiness';
import { getStripeCallStats } from '@/lib/stripe/call-stats';

export const metadata: Metadata = { title: 'Health · Admin' };

const CHECK_LABELS = { database: 'Database', migrations: 'Migrations', stripe: 'Stripe', email: 'Email transport' } as const;

function seconds(value: number | null): string {
  if (value === null || value < 1) return '0 s';
  if (value < 120) return `${Math.round(value)} s`;
  if (value < 7200) return `${Math.round(value / 60)} min`;
  return `${Math.round(value / 3600)} h`;
}

/** Stripe calls of this process since it started: total, rate limited (429), failed outright. */
function stripeCallCounts() {
  let total = 0;
  let limited = 0;
  let failed = 0;
  for (const [key, count] of getStripeCallStats().requests) {
    total += count;
    const status = key.slice(key.lastIndexOf(' ') + 1);
    if (status === '429') limited += count;
    else if (status === 'error' || status.startsWith('5')) failed += count;
  }
  return { total, limited, failed };
}

export default async function HealthPage() {
  await requireAdmin('/admin/health');
  const db = await getDb();
  const [readiness, webhooks, outbox, reconciliation] = await Promise.all([checkReadiness({ db }), readWebhookBacklog(db), readOutboxBacklog(db), readReconciliationSummary(db)]);
  const calls = stripeCallCounts();
  const checks = Object.entries(readiness.checks).map(([name, check]) => ({ name: name as keyof typeof CHECK_LABELS, ...check }));

  return (
    <div>
      <PageHeader
        title="Health"
        description={
          <>
            What <code>/api/health/ready</code> reports, and the numbers that say whether money and mail are flowing. Alert rules for the same numbers: docs/operations.md.
          </>
        }
      >
        <p role="status" className={readiness.ready ? 'text-sm font-medium text-emerald-700' : 'text-sm font-medium text-red-700'} data-testid="health-ready">
          {readiness.ready ? 'Ready: every check passes.' : 'Not ready: a check below fails.'}
        </p>
      </PageHeader>
      <section aria-labelledby="checks">
        <h2 id="checks" className="mb-2 text-base font-semibold">Readiness checks</h2>
        <DataTable
          caption="Readiness checks"
          testId="health-checks"
          rows={checks}
          rowKey={(c) => c.name}
          columns={[
            { key: 'check', header: 'Check', cell: (c) => CHECK_LABELS[c.name] },
            { key: 'status', header: 'Status', cell: (c) => <StatusBadge status={c.ok ? 'ok' : 'failing'} tone={c.ok ? 'success' : 'danger'} label={c.ok ? 'OK' : 'Failing'} /> },
            { key: 'detail', header: 'Detail', cell: (c) => `${c.detail}${c.cached ? ' (checked within the last minute)' : ''}` },
            { key: 'ms', header: 'Time', align: 'right', cell: (c) => `${c.ms} ms`, hideOnMobile: true },
          ]}
          empty={null}
        />
      </section>
      <section className="mt-6" aria-labelledby="numbers">
        <h2 id="numbers" className="mb-2 text-base font-semibold">Key numbers</h2>
        <StatGrid label="Key numbers">
          <StatCard label="Webhook lag" value={seconds(webhooks.oldestWaitingSeconds)} tone={(webhooks.oldestWaitingSeconds ?? 0) > 300 ? 'bad' : 'default'} definition="Age of the oldest Stripe event not yet processed; 0 when none waits." testId="health-lag" />
          <StatCard label="Events waiting" value={webhooks.waiting + webhooks.failing} hint={`${webhooks.failing} retrying`} definition="Stripe events recorded but not yet processed, including those backing off after a failure." />
          <StatCard label="Dead events" value={webhooks.dead} tone={webhooks.dead > 0 ? 'bad' : 'default'} definition="Stripe events that failed every attempt and wait for an admin to replay them." />
          <StatCard label="Outbox pending" value={outbox.pending} hint={`oldest ${seconds(outbox.oldestPendingSeconds)}`} definition="Emails and texts waiting to be sent or retried." />
          <StatCard label="Outbox failed" value={outbox.failed} tone={outbox.failed > 0 ? 'bad' : 'default'} definition="Messages that failed every attempt and wait for an admin to resend them." />
          <StatCard
            label="Reconciliation"
            value={<Link href="/admin/reconciliation" className="underline">{reconciliation.openDifferences} open</Link>}
            tone={reconciliation.openDifferences > 0 ? 'bad' : 'good'}
            hint={`last run: ${reconciliation.lastRunStatus ?? 'never'}`}
            definition="Differences between Stripe and the ledger still open (neither re-synced nor ignored)."
            testId="health-reconciliation"
          />
          <StatCard label="Stripe requests" value={calls.total} hint="by this server process since it started" definition="HTTP requests this process sent to Stripe, retries included." />
          <StatCard label="Stripe 429s / failures" value={`${calls.limited} / ${calls.failed}`} tone={calls.limited + calls.failed > 0 ? 'bad' : 'default'} definition="Requests Stripe rate-limited (429) and requests that got no answer or a 5xx, by this process." />
        </StatGrid>
      </section>
    </div>
  );
}
