import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AdminEmptyState } from '@/components/admin/empty-state';
import { type Column, DataTable } from '@/components/admin/data-table';
import { MoneyAmount } from '@/components/admin/money';
import { PageHeader } from '@/components/admin/page-header';
import { StatusBadge } from '@/components/admin/status-badge';
import { getDb } from '@/db/client';
import { type AdminInvoiceRow, findSubscriptionForAdmin, listSubscriptionInvoicesForAdmin } from '@/db/queries/admin-subscriptions';
import { dunningStateOf } from '@/lib/admin/subscriptions';
import { describeDunningPolicy, dunningPolicy } from '@/lib/billing/dunning-policy';
import { requireAdmin } from '@/lib/auth/guards';
import { CancelSubscriptionForm } from '../cancel-form';

export const metadata: Metadata = { title: 'Subscription · Admin' };

const day = (d: Date | null) => (d ? <time dateTime={d.toISOString()}>{d.toISOString().slice(0, 10)}</time> : '—');
const ENDABLE = new Set(['active', 'trialing', 'past_due', 'unpaid', 'paused', 'incomplete']);
const RENEWING = new Set(['active', 'trialing', 'past_due']);

export default async function SubscriptionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAdmin(`/admin/subscriptions/${encodeURIComponent(id)}`);
  if (!/^[0-9a-f-]{36}$/.test(id)) notFound();
  const db = await getDb();
  const found = await findSubscriptionForAdmin(db, id);
  if (!found) notFound();
  const { subscription: sub, learner, plan, price } = found;
  const invoices = await listSubscriptionInvoicesForAdmin(db, sub);
  const dunning = dunningStateOf(invoices);

  const columns: Column<AdminInvoiceRow>[] = [
    { key: 'date', header: 'Date', cell: (i) => day(i.createdAt) },
    { key: 'number', header: 'Invoice', cell: (i) => (i.hostedInvoiceUrl ? <a href={i.hostedInvoiceUrl} className="text-brand-700 underline" rel="noreferrer" target="_blank">{i.number ?? i.stripeInvoiceId}</a> : (i.number ?? i.stripeInvoiceId)) },
    { key: 'total', header: 'Total', align: 'right', cell: (i) => <MoneyAmount amount={i.total} currency={i.currency} /> },
    { key: 'status', header: 'Status', cell: (i) => <StatusBadge status={i.status} /> },
    { key: 'attempts', header: 'Attempts', align: 'right', cell: (i) => i.attemptCount, hideOnMobile: true },
    { key: 'period', header: 'Period', cell: (i) => (i.periodStart && i.periodEnd ? <span>{day(i.periodStart)} – {day(i.periodEnd)}</span> : '—'), hideOnMobile: true },
  ];

  return (
    <div className="space-y-8">
      <PageHeader
        title={`${plan?.name ?? 'Subscription'} · ${learner.name ?? learner.email}`}
        description={
          <>
            <Link href={`/admin/learners/${learner.id}`} className="text-brand-700 underline">
              {learner.email}
            </Link>{' '}
            · <code className="text-xs">{sub.stripeSubscriptionId}</code>
          </>
        }
        actions={
          <Link href="/admin/subscriptions" className="text-sm font-medium text-brand-700 underline">
            ← All subscriptions
          </Link>
        }
      />

      <dl className="grid gap-4 sm:grid-cols-3">
        <div className="rounded-xl border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-600">Status</dt>
          <dd className="mt-1" data-testid="subscription-status">
            <StatusBadge status={sub.status} />
            {sub.cancelAtPeriodEnd && sub.status !== 'canceled' ? <span className="ml-2 text-sm text-slate-700">Ends {day(sub.currentPeriodEnd)}</span> : null}
          </dd>
          {sub.endedAt ? <dd className="mt-1 text-xs text-slate-600">Ended {day(sub.endedAt)}</dd> : null}
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-600">Price</dt>
          <dd className="mt-1 font-semibold">{price?.unitAmount != null && price.currency ? <><MoneyAmount amount={price.unitAmount} currency={price.currency} /> / {price.interval}</> : '—'}</dd>
          <dd className="mt-1 text-xs text-slate-600">
            Period {day(sub.currentPeriodStart)} – {day(sub.currentPeriodEnd)}
          </dd>
        </div>
        <div className={`rounded-xl border p-4 ${dunning ? 'border-amber-300 bg-amber-50' : 'border-slate-200 bg-white'}`} data-testid="dunning">
          <dt className="text-sm text-slate-600">Dunning</dt>
          {dunning ? (
            <>
              <dd className="mt-1 font-semibold text-amber-900">
                Attempt {dunning.attempt} of {dunning.of}
              </dd>
              <dd className="mt-1 text-sm text-amber-900">
                <MoneyAmount amount={dunning.amountDue} currency={dunning.currency} /> due
                {dunning.nextRetryAt ? <> · next retry {day(dunning.nextRetryAt)}</> : ' · no retry scheduled'}
              </dd>
            </>
          ) : (
            <dd className="mt-1 text-slate-700">Nothing owed</dd>
          )}
        </div>
      </dl>

      <p className="text-sm text-slate-600" data-testid="dunning-policy">
        {describeDunningPolicy(dunningPolicy).replace('we try your card', 'Stripe tries the card').replace('you keep', 'the learner keeps')}
      </p>

      <section aria-labelledby="invoices" className="space-y-3">
        <h2 id="invoices" className="text-lg font-semibold">
          Invoices
        </h2>
        <DataTable caption="Invoices" columns={columns} rows={invoices} rowKey={(i) => i.id} testId="invoices" empty={<AdminEmptyState title="No invoices yet">Stripe has not billed this subscription yet.</AdminEmptyState>} />
      </section>

      {ENDABLE.has(sub.status) ? (
        <section aria-labelledby="cancel" className="space-y-3 rounded-xl border border-red-200 bg-white p-4">
          <h2 id="cancel" className="text-lg font-semibold text-red-800">
            Cancel
          </h2>
          <p className="text-sm text-slate-700">Stripe makes the change; the status above updates when its webhook arrives.</p>
          <CancelSubscriptionForm subscriptionId={sub.id} attemptId={randomUUID()} canWaitForPeriodEnd={RENEWING.has(sub.status) && !sub.cancelAtPeriodEnd} periodEnd={sub.currentPeriodEnd?.toISOString().slice(0, 10) ?? null} />
        </section>
      ) : null}
    </div>
  );
}
