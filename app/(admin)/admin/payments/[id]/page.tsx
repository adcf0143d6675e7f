import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { randomUUID } from 'node:crypto';
import { MoneyAmount } from '@/components/admin/money';
import { PageHeader } from '@/components/admin/page-header';
import { methodText, receiptNumberFor } from '@/components/admin/payments/payment-cells';
import { RefundConfirm } from '@/components/admin/payments/refund-confirm';
import { StatusBadge } from '@/components/admin/status-badge';
import { buttonClass } from '@/components/ui/button';
import { ADMIN_NAV } from '@/app/(admin)/admin/nav';
import { getDb } from '@/db/client';
import { findAdminPayment, listPaymentTimeline, type AdminPaymentDetail, type TimelineEntry } from '@/db/queries/admin-payments';
import { type PaymentFacts, planRefund, REFUND_REASONS, REFUNDABLE_STATUSES, refundableOf } from '@/lib/admin/refund-plan';
import { refundFacts } from '@/lib/admin/refunds';
import { param, type SearchParams } from '@/lib/admin/search-params';
import { requireAdmin } from '@/lib/auth/guards';
import { formatMoney, toMajorUnitsString } from '@/lib/billing/money';
import { stripeDashboardMode, stripeDashboardUrl } from '@/lib/stripe/dashboard';

export const metadata: Metadata = { title: 'Payment' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const when = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString().slice(0, 19).replace('T', ' ') + ' UTC' : '—');
const learnersReady = ADMIN_NAV.some((e) => e.href === '/admin/learners' && e.ready);

function StripeLink({ kind, id, children }: { kind: Parameters<typeof stripeDashboardUrl>[0]; id: string; children?: React.ReactNode }) {
  return (
    <a href={stripeDashboardUrl(kind, id)} target="_blank" rel="noreferrer" className="font-mono text-xs text-brand-700 underline" title={`Open in ${stripeDashboardMode === 'sandbox' ? 'the offline sandbox' : `Stripe (${stripeDashboardMode} mode)`}`}>
      {children ?? id}
    </a>
  );
}

function Facts({ rows }: { rows: Array<[string, React.ReactNode]> }) {
  return (
    <dl className="grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-4 gap-y-1.5 text-sm">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-600">{label}</dt>
          <dd className="min-w-0 break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Card({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-4" aria-label={title} data-testid={testId}>
      <h2 className="mb-3 text-base font-semibold">{title}</h2>
      {children}
    </section>
  );
}

export default async function AdminPaymentPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const { id } = await params;
  await requireAdmin(`/admin/payments/${id}`);
  if (!UUID.test(id)) notFound();
  const db = await getDb();
  const detail = await findAdminPayment(db, id);
  if (!detail) notFound();
  const [timeline, facts] = await Promise.all([listPaymentTimeline(db, detail), refundFacts(db, detail)]);
  const p = detail.payment;
  const query = await searchParams;
  const product = detail.course?.title ?? (p.stripeInvoiceId ? 'All-Access subscription' : (p.description ?? '—'));

  return (
    <div className="space-y-6">
      <PageHeader
        title={`Payment ${receiptNumberFor(p.id)}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <MoneyAmount amount={p.amount} currency={p.currency} className="font-semibold text-ink" /> <StatusBadge status={p.status} /> {product} · {when(p.createdAt)}
          </span>
        }
        actions={
          <>
            <Link href="/admin/payments" className={buttonClass('ghost', 'py-1.5')}>
              ← All payments
            </Link>
            <a href={stripeDashboardUrl('payment', p.stripePaymentIntentId)} target="_blank" rel="noreferrer" className={buttonClass('secondary', 'py-1.5')}>
              Open in {stripeDashboardMode === 'sandbox' ? 'sandbox' : 'Stripe'}
            </a>
          </>
        }
      />
      {param(query, 'refunded') ? (
        <p role="status" className="rounded-xl border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900" data-testid="refund-sent">
          {param(query, 'creditNote') ? (
            <>
              Credit note <code className="text-xs">{param(query, 'creditNote')}</code> issued on the invoice; its refund (<code className="text-xs">{param(query, 'refunded')}</code>) was sent to Stripe.
            </>
          ) : (
            <>
              Refund sent to Stripe (<code className="text-xs">{param(query, 'refunded')}</code>).
            </>
          )}{' '}
          Its status below updates when Stripe confirms it.
        </p>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Payment" testId="payment-facts">
          <Facts
            rows={[
              ['Amount', <MoneyAmount key="a" amount={p.amount} currency={p.currency} />],
              ...(p.amountDiscount > 0
                ? ([
                    [
                      'Discount',
                      <span key="d" data-testid="payment-discount">
                        <MoneyAmount amount={p.amountDiscount} currency={p.currency} /> off{p.discountCode ? <> with <code className="text-xs">{p.discountCode}</code></> : null} (list price <MoneyAmount amount={p.amount + p.amountDiscount} currency={p.currency} />)
                      </span>,
                    ],
                  ] as Array<[string, React.ReactNode]>)
                : []),
              ['Refunded', <MoneyAmount key="r" amount={p.amountRefunded} currency={p.currency} />],
              ['Stripe fee', p.fee === null ? 'not known yet' : <MoneyAmount key="f" amount={p.fee} currency={p.currency} />],
              ['Net', p.net === null ? 'not known yet' : <MoneyAmount key="n" amount={p.net} currency={p.currency} />],
              ['Method', methodText(p)],
              ['Created', when(p.createdAt)],
              ['Succeeded', when(p.succeededAt)],
              ...(p.failureCode ? ([['Failure', `${p.failureCode}: ${p.failureMessage ?? ''}`]] as Array<[string, React.ReactNode]>) : []),
              ['PaymentIntent', <StripeLink key="pi" kind="payment" id={p.stripePaymentIntentId} />],
              ...(p.stripeChargeId ? ([['Charge', <StripeLink key="ch" kind="payment" id={p.stripePaymentIntentId}>{p.stripeChargeId}</StripeLink>]] as Array<[string, React.ReactNode]>) : []),
              ...(p.stripeInvoiceId ? ([['Invoice', <StripeLink key="in" kind="invoice" id={p.stripeInvoiceId} />]] as Array<[string, React.ReactNode]>) : []),
              ...(detail.checkoutSessionId ? ([['Checkout', <code key="cs" className="text-xs">{detail.checkoutSessionId}</code>]] as Array<[string, React.ReactNode]>) : []),
            ]}
          />
        </Card>
        <div className="space-y-4">
          <Card title="Learner" testId="payment-learner">
            {detail.learner ? (
              <Facts
                rows={[
                  ['Email', learnersReady ? <Link key="e" className="text-brand-700 underline" href={`/admin/learners/${detail.learner.id}`}>{detail.learner.email}</Link> : detail.learner.email],
                  ['Name', detail.learner.name ?? '—'],
                  ...(detail.learner.stripeCustomerId ? ([['Customer', <StripeLink key="c" kind="customer" id={detail.learner.stripeCustomerId} />]] as Array<[string, React.ReactNode]>) : []),
                ]}
              />
            ) : (
              <p className="text-sm text-slate-600">No learner is linked to this payment (made outside Bursar&apos;s checkout).</p>
            )}
          </Card>
          <Card title="Access granted" testId="payment-access">
            {detail.enrollments.length === 0 ? (
              <p className="text-sm text-slate-600">{p.stripeInvoiceId ? 'Subscription payments open every course while the subscription is live; no enrollment per payment.' : 'No enrollment came from this payment.'}</p>
            ) : (
              <ul className="space-y-2 text-sm">
                {detail.enrollments.map((e) => (
                  <li key={e.id} className="flex flex-wrap items-center gap-2">
                    <StatusBadge status={e.status} tone={e.status === 'active' ? 'success' : 'neutral'} />
                    <span>{detail.course?.title ?? 'Course'}</span>
                    <span className="text-xs text-slate-500">
                      granted {when(e.grantedAt)}
                      {e.revokedAt ? `, revoked ${when(e.revokedAt)} (${e.revokeReason ?? 'no reason'})` : ''}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>

      <RefundsCard detail={detail} />
      <CreditNotesCard detail={detail} />
      {detail.disputes.length > 0 ? (
        <Card title="Disputes">
          <ul className="space-y-2 text-sm">
            {detail.disputes.map((d) => (
              <li key={d.id} className="flex flex-wrap items-center gap-2">
                <StatusBadge status={d.status} />
                <MoneyAmount amount={d.amount} currency={d.currency} />
                <span>{d.reason.replaceAll('_', ' ')}</span>
                <span className="text-xs text-slate-500">opened {when(d.createdAt)}{d.evidenceDueBy ? `, evidence due ${when(d.evidenceDueBy)}` : ''}</span>
                <StripeLink kind="dispute" id={d.stripeDisputeId} />
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      <RefundSection detail={detail} facts={facts} query={query} />
      <Timeline entries={timeline} />
    </div>
  );
}

function RefundsCard({ detail }: { detail: AdminPaymentDetail }) {
  if (detail.refunds.length === 0) return null;
  return (
    <Card title="Refunds" testId="payment-refunds">
      <ul className="space-y-2 text-sm">
        {detail.refunds.map((r) => (
          <li key={r.id} className="flex flex-wrap items-center gap-2" data-refund-status={r.status}>
            <StatusBadge status={r.status} />
            <MoneyAmount amount={r.amount} currency={r.currency} />
            <span className="text-slate-600">{r.reason?.replaceAll('_', ' ') ?? 'no reason given'}</span>
            <span className="text-xs text-slate-500">
              {when(r.createdAt)} · {r.requestedByUserId ? 'from the dashboard' : 'from Stripe'} · access {r.revokeAccess ? 'revoked on a full refund' : 'kept'}
            </span>
            {r.status === 'failed' ? <span className="basis-full text-sm font-medium text-red-700">Failed: {r.failureReason?.replaceAll('_', ' ') ?? 'Stripe gave no reason'}. The money stayed with the store; refund again or contact the learner.</span> : null}
            {r.stripeRefundId ? <StripeLink kind="payment" id={detail.payment.stripePaymentIntentId}>{r.stripeRefundId}</StripeLink> : null}
          </li>
        ))}
      </ul>
      <p className="mt-3 text-sm">
        <Link href={`/admin/refunds?q=${encodeURIComponent(detail.payment.stripePaymentIntentId)}`} className="font-medium text-brand-700 underline">
          These refunds in the refunds list
        </Link>
      </p>
    </Card>
  );
}

function CreditNotesCard({ detail }: { detail: AdminPaymentDetail }) {
  if (detail.creditNotes.length === 0) return null;
  return (
    <Card title="Credit notes" testId="payment-credit-notes">
      <ul className="space-y-2 text-sm">
        {detail.creditNotes.map((n) => (
          <li key={n.id} className="flex flex-wrap items-center gap-2" data-credit-note-status={n.status}>
            <StatusBadge status={n.status} tone={n.status === 'issued' ? 'success' : 'neutral'} />
            <span className="font-medium">{n.number ?? n.stripeCreditNoteId}</span>
            <MoneyAmount amount={n.amount} currency={n.currency} />
            <span className="text-slate-600">
              {[
                n.refundAmount > 0 ? `${formatMoney({ amount: n.refundAmount, currency: n.currency })} refunded` : null,
                n.creditAmount > 0 ? `${formatMoney({ amount: n.creditAmount, currency: n.currency })} to the customer's balance` : null,
                n.outOfBandAmount > 0 ? `${formatMoney({ amount: n.outOfBandAmount, currency: n.currency })} outside Stripe` : null,
                n.type === 'pre_payment' ? 'lowered the amount due' : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </span>
            <span className="text-xs text-slate-500">
              {when(n.issuedAt)} · {n.requestedByUserId ? 'from the dashboard' : 'from Stripe'}
              {n.reason ? ` · ${n.reason.replaceAll('_', ' ')}` : ''}
              {n.voidedAt ? ` · voided ${when(n.voidedAt)}` : ''}
            </span>
            {n.pdfUrl ? (
              <a href={n.pdfUrl} target="_blank" rel="noreferrer" className="text-xs font-medium text-brand-700 underline">
                PDF
              </a>
            ) : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}

const control = 'mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm';

function RefundSection({ detail, facts, query }: { detail: AdminPaymentDetail; facts: PaymentFacts; query: SearchParams }) {
  const p = detail.payment;
  const refundable = refundableOf(facts);
  if (!(REFUNDABLE_STATUSES as readonly string[]).includes(p.status) || refundable <= 0) {
    return (
      <Card title="Refund">
        <p className="text-sm text-slate-600">{refundable <= 0 ? 'Nothing left to refund.' : `A ${p.status.replaceAll('_', ' ')} payment cannot be refunded from here.`}</p>
      </Card>
    );
  }
  const amount = param(query, 'amount') ?? toMajorUnitsString({ amount: refundable, currency: p.currency });
  const reason = REFUND_REASONS.find((r) => r.value === param(query, 'reason'))?.value ?? 'requested_by_customer';
  const accessChoice = param(query, 'access');
  const access = accessChoice === 'keep' || accessChoice === 'revoke' ? accessChoice : 'default';
  const note = (param(query, 'note') ?? '').slice(0, 500);
  const reviewing = param(query, 'review') === '1';
  const plan = reviewing ? planRefund(facts, { amount, access }) : null;
  const self = `/admin/payments/${p.id}`;
  return (
    <Card title="Refund" testId="refund-section">
      <p className="mb-3 text-sm text-slate-600">
        Up to <MoneyAmount amount={refundable} currency={p.currency} className="font-semibold text-ink" /> can be refunded.{' '}
        {facts.invoice
          ? `A subscription payment is refunded with a credit note on its invoice${facts.invoice.number ? ` ${facts.invoice.number}` : ''}, so the invoice shows the credit; the subscription carries on.`
          : 'A full refund removes access to the course by default, a partial one keeps it; you can choose otherwise.'}
      </p>
      {plan?.ok ? (
        <RefundConfirm
          paymentId={p.id}
          attemptId={randomUUID()}
          amount={amount}
          reason={reason}
          access={plan.keepAccess ? 'keep' : 'revoke'}
          note={note}
          label={`Refund ${formatMoney({ amount: plan.amount, currency: p.currency })}`}
          effects={plan.effects}
          cancelHref={`${self}?amount=${encodeURIComponent(amount)}&reason=${reason}&access=${access}#refund`}
        />
      ) : (
        <form method="get" action={self} id="refund" className="grid gap-3 sm:grid-cols-2" aria-label="Refund this payment">
          <input type="hidden" name="review" value="1" />
          <label className="block text-sm font-medium">
            Amount ({p.currency.toUpperCase()})
            <input name="amount" inputMode="decimal" required defaultValue={amount} className={control} aria-describedby={plan && !plan.ok ? 'refund-error' : undefined} />
          </label>
          <label className="block text-sm font-medium">
            Reason
            <select name="reason" defaultValue={reason} className={control}>
              {REFUND_REASONS.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </select>
          </label>
          {/* A subscription payment grants no enrollment of its own: there is no access to choose. */}
          {facts.invoice && !facts.hasEnrollment ? (
            <input type="hidden" name="access" value="default" />
          ) : (
            <fieldset className="sm:col-span-2">
              <legend className="text-sm font-medium">Course access</legend>
              <div className="mt-1 flex flex-wrap gap-4 text-sm">
                {(
                  [
                    ['default', 'As the rules say (full refund removes, partial keeps)'],
                    ['keep', 'Keep access'],
                    ['revoke', 'Remove access'],
                  ] as const
                ).map(([value, label]) => (
                  <label key={value} className="flex items-center gap-2">
                    <input type="radio" name="access" value={value} defaultChecked={access === value} />
                    {label}
                  </label>
                ))}
              </div>
            </fieldset>
          )}
          <label className="block text-sm font-medium sm:col-span-2">
            Note for the audit trail (optional)
            <input name="note" maxLength={500} defaultValue={note} className={control} />
          </label>
          {plan && !plan.ok ? (
            <p id="refund-error" role="alert" className="rounded-md bg-amber-50 p-2 text-sm text-amber-900 sm:col-span-2">
              {plan.error}
            </p>
          ) : null}
          <div className="sm:col-span-2">
            <button type="submit" className={buttonClass('secondary')}>
              Review refund
            </button>
          </div>
        </form>
      )}
    </Card>
  );
}

function Timeline({ entries }: { entries: TimelineEntry[] }) {
  return (
    <Card title="Timeline" testId="payment-timeline">
      {entries.length === 0 ? (
        <p className="text-sm text-slate-600">No Stripe events or audit rows recorded for this payment (seeded or imported data).</p>
      ) : (
        <ol className="relative space-y-3 border-l border-slate-200 pl-4 text-sm">
          {entries.map((e) => (
            <li key={`${e.source}:${e.id}`} className="relative">
              <span aria-hidden className={`absolute -left-[1.3rem] top-1.5 h-2.5 w-2.5 rounded-full ${e.source === 'stripe' ? 'bg-brand-500' : 'bg-slate-500'}`} />
              <div className="flex flex-wrap items-center gap-2">
                <time className="text-xs text-slate-500" dateTime={new Date(e.at).toISOString()}>
                  {when(e.at)}
                </time>
                {e.source === 'stripe' ? (
                  <>
                    <code className="text-xs font-semibold">{e.type}</code>
                    <StatusBadge status={e.status} />
                    <StripeLink kind="event" id={e.id} />
                  </>
                ) : (
                  <>
                    <span className="font-semibold">{e.action}</span>
                    <span className="text-xs text-slate-600">by {e.actorType === 'admin' || e.actorType === 'user' ? (e.actorEmail ?? e.actorType) : e.actorType}</span>
                  </>
                )}
              </div>
              {e.source === 'stripe' && e.lastError ? <p className="text-xs text-red-700">{e.lastError}</p> : null}
              {e.source === 'audit' && Object.keys(e.data).length > 0 ? (
                <details className="mt-1">
                  <summary className="cursor-pointer text-xs text-slate-600">Details</summary>
                  <pre className="mt-1 max-h-48 overflow-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(e.data, null, 2)}</pre>
                </details>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
