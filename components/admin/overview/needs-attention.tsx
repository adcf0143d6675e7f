import Link from 'next/link';
import { MoneyAmount } from '@/components/admin/money';
import { StatusBadge } from '@/components/admin/status-badge';
import { ADMIN_NAV } from '@/app/(admin)/admin/nav';
import type { Database } from '@/db/client';
import { listDeadEvents, listDisputesNeedingResponse, listInvoicesInDunning } from '@/db/queries/admin-metrics';

const DAY = 86_400_000;
const ready = (href: string) => ADMIN_NAV.some((e) => e.href === href && e.ready);

/** From the database's clock (seconds until the deadline), so the page stays a pure render. */
function daysLeft(secondsLeft: number | null): string {
  if (secondsLeft === null) return 'no deadline';
  const days = Math.floor((secondsLeft * 1000) / DAY);
  if (days < 0) return 'deadline passed';
  return days === 0 ? 'due today' : `${days} day${days === 1 ? '' : 's'} left`;
}

/** Work waiting for an admin: disputes to answer, renewals failing, events in the dead letter. */
export async function NeedsAttention({ db }: { db: Database }) {
  const [disputes, dunning, dead] = await Promise.all([listDisputesNeedingResponse(db), listInvoicesInDunning(db), listDeadEvents(db)]);
  const nothing = disputes.total + dunning.total + dead.total === 0;
  return (
    <section aria-labelledby="attention-h" className="space-y-3" data-testid="needs-attention">
      <h2 id="attention-h" className="text-lg font-semibold">Needs attention</h2>
      {nothing ? (
        <p className="rounded-xl border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900">Nothing waiting: no open disputes, no failing renewals, no dead webhook events.</p>
      ) : (
        <div className="grid gap-3 lg:grid-cols-3">
          <Panel title="Disputes to answer" count={disputes.total} href={ready('/admin/disputes') ? '/admin/disputes' : undefined} testId="attention-disputes">
            {disputes.rows.map((d) => (
              <li key={d.id} className="flex items-start justify-between gap-2">
                <span className="min-w-0 break-all">
                  {ready('/admin/disputes') ? (
                    <Link className="font-medium underline" href={`/admin/disputes/${d.id}`}>
                      {d.email ?? d.stripeDisputeId}
                    </Link>
                  ) : (
                    <span className="font-medium">{d.email ?? d.stripeDisputeId}</span>
                  )}
                  <span className="block text-xs text-slate-500">{d.reason.replaceAll('_', ' ')}</span>
                </span>
                <span className="shrink-0 text-right">
                  <MoneyAmount amount={d.amount} currency={d.currency} />
                  <span className={`block text-xs ${d.secondsLeft !== null && d.secondsLeft * 1000 < 3 * DAY ? 'font-semibold text-red-700' : 'text-slate-500'}`} title={d.evidenceDueBy?.toISOString()}>{daysLeft(d.secondsLeft)}</span>
                </span>
              </li>
            ))}
          </Panel>
          <Panel title="Failed payments in dunning" count={dunning.total} href={ready('/admin/subscriptions') ? '/admin/subscriptions?status=past_due' : undefined} testId="attention-dunning">
            {dunning.rows.map((i) => (
              <li key={i.id} className="flex items-start justify-between gap-2">
                <span className="min-w-0 break-all">
                  <span className="font-medium">{i.email ?? i.stripeInvoiceId}</span>
                  <span className="block text-xs text-slate-500">
                    attempt {i.attemptCount}
                    {i.nextPaymentAttempt ? `, next retry ${i.nextPaymentAttempt.toISOString().slice(0, 10)}` : ', no retry scheduled'}
                  </span>
                </span>
                <MoneyAmount amount={i.amountDue} currency={i.currency} className="shrink-0" />
              </li>
            ))}
          </Panel>
          <Panel title="Webhook events in the dead letter" count={dead.total} href={ready('/admin/events') ? '/admin/events?status=dead' : undefined} testId="attention-dead">
            {dead.rows.map((e) => (
              <li key={e.id} className="min-w-0">
                <span className="flex items-center justify-between gap-2">
                  <code className="truncate text-xs">{e.type}</code>
                  <StatusBadge status="dead" />
                </span>
                <span className="block truncate text-xs text-slate-500" title={e.lastError ?? undefined}>
                  {e.attempts} attempts · {e.lastError ?? 'no error recorded'}
                </span>
              </li>
            ))}
          </Panel>
        </div>
      )}
    </section>
  );
}

function Panel({ title, count, href, testId, children }: { title: string; count: number; href?: string; testId: string; children: React.ReactNode }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4" data-testid={testId}>
      <h3 className="flex items-center justify-between text-sm font-semibold">
        <span>{title}</span>
        <span className={`rounded-full px-2 py-0.5 text-xs tabular-nums ${count > 0 ? 'bg-amber-100 text-amber-900' : 'bg-slate-100 text-slate-600'}`}>{count}</span>
      </h3>
      {count === 0 ? <p className="mt-2 text-sm text-slate-500">None.</p> : <ul className="mt-3 space-y-2 text-sm">{children}</ul>}
      {href && count > 0 ? (
        <Link href={href} className="mt-3 inline-block text-sm font-medium text-brand-700 underline">
          See all
        </Link>
      ) : null}
    </div>
  );
}
