import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { MoneyAmount } from '@/components/admin/money';
import { PageHeader } from '@/components/admin/page-header';
import { StatusBadge } from '@/components/admin/status-badge';
import { getDb } from '@/db/client';
import { OPEN_DISPUTE_STATUSES } from '@/db/queries/admin-disputes';
import { EVIDENCE_FIELDS, EVIDENCE_LABELS } from '@/lib/admin/dispute-evidence';
import { loadDisputeEvidence } from '@/lib/admin/disputes';
import { requireAdmin } from '@/lib/auth/guards';
import { Countdown } from '../countdown';
import { EvidenceForm, SubmitEvidenceForm } from '../evidence-forms';

export const metadata: Metadata = { title: 'Dispute · Admin' };

const when = (d: Date) => <time dateTime={d.toISOString()}>{d.toISOString().slice(0, 16).replace('T', ' ')} UTC</time>;
const reasonLabel = (reason: string) => reason.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase());

const OUTCOME: Record<string, string> = {
  won: 'Won: the bank decided in your favour and the funds were returned (Stripe keeps the dispute fee).',
  lost: 'Lost: the bank kept the funds with the cardholder; the learner’s access to what this payment bought was revoked.',
  warning_closed: 'The inquiry closed without becoming a chargeback.',
  prevented: 'Prevented: resolved before it became a dispute.',
};

export default async function DisputePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAdmin(`/admin/disputes/${encodeURIComponent(id)}`);
  if (!/^[0-9a-f-]{36}$/.test(id)) notFound();
  const view = await loadDisputeEvidence(await getDb(), id);
  if (!view) notFound();
  const { detail, draft, source } = view;
  const { dispute, payment, learner, course, evidence } = detail;
  const open = (OPEN_DISPUTE_STATUSES as readonly string[]).includes(dispute.status);
  const submitted = evidence?.submittedAt ?? null;
  const editable = open && !submitted;

  return (
    <div className="space-y-8">
      <PageHeader
        title={`Dispute · ${learner?.name ?? learner?.email ?? dispute.stripeDisputeId}`}
        description={
          <>
            {reasonLabel(dispute.reason)} · <code className="text-xs">{dispute.stripeDisputeId}</code>
          </>
        }
        actions={
          <Link href="/admin/disputes" className="text-sm font-medium text-brand-700 underline">
            ← All disputes
          </Link>
        }
      />

      <dl className="grid gap-4 sm:grid-cols-3">
        <div className="rounded-xl border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-600">Amount</dt>
          <dd className="mt-1 text-xl font-bold">
            <MoneyAmount amount={dispute.amount} currency={dispute.currency} />
          </dd>
          <dd className="mt-1 text-xs text-slate-600">Withdrawn from the balance while the dispute is open.</dd>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-600">Status</dt>
          <dd className="mt-1" data-testid="dispute-status">
            <StatusBadge status={dispute.status} />
          </dd>
          {submitted ? <dd className="mt-1 text-xs text-slate-600">Evidence submitted {when(submitted)}</dd> : null}
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-600">{open ? 'Respond within' : 'Response deadline'}</dt>
          <dd className="mt-1">{dispute.evidenceDueBy ? open ? <Countdown dueBy={dispute.evidenceDueBy.toISOString()} serverNow={new Date().toISOString()} /> : when(dispute.evidenceDueBy) : '—'}</dd>
        </div>
      </dl>

      {OUTCOME[dispute.status] ? (
        <p role="status" data-testid="dispute-outcome" className={`rounded-xl border p-4 text-sm ${dispute.status === 'won' ? 'border-emerald-300 bg-emerald-50 text-emerald-900' : dispute.status === 'lost' ? 'border-red-300 bg-red-50 text-red-900' : 'border-slate-200 bg-white'}`}>
          {OUTCOME[dispute.status]}
          {dispute.closedAt ? <> Closed {when(dispute.closedAt)}.</> : null}
        </p>
      ) : null}

      <section aria-labelledby="payment" className="space-y-2 rounded-xl border border-slate-200 bg-white p-4 text-sm">
        <h2 id="payment" className="text-lg font-semibold">
          The payment
        </h2>
        {payment && learner ? (
          <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
            <dt className="text-slate-600">Learner</dt>
            <dd>
              <Link href={`/admin/learners/${learner.id}`} className="text-brand-700 underline">
                {learner.email}
              </Link>
            </dd>
            <dt className="text-slate-600">For</dt>
            <dd>{course?.title ?? 'All-Access'}</dd>
            <dt className="text-slate-600">Paid</dt>
            <dd>
              <MoneyAmount amount={payment.amount} currency={payment.currency} /> on {when(payment.succeededAt ?? payment.createdAt)}
            </dd>
            <dt className="text-slate-600">Payment</dt>
            <dd>
              <Link href={`/admin/payments/${payment.id}`} className="text-brand-700 underline">
                <code className="text-xs">{payment.stripePaymentIntentId}</code>
              </Link>
            </dd>
          </dl>
        ) : (
          <p className="text-slate-600">Bursar has no local record of the disputed payment; the evidence below cannot be compiled automatically.</p>
        )}
      </section>

      <section aria-labelledby="evidence" className="space-y-3">
        <h2 id="evidence" className="text-lg font-semibold">
          Evidence
        </h2>
        {editable ? (
          <>
            <p className="text-sm text-slate-600" data-testid="evidence-source">
              {source === 'draft' ? `Your saved draft (${evidence?.updatedAt ? evidence.updatedAt.toISOString().slice(0, 16).replace('T', ' ') : ''} UTC).` : 'Compiled from Bursar’s records: the learner, the purchase, their sign-ins and lesson progress. Edit it, save the draft, then submit.'}
            </p>
            <div className="rounded-xl border border-slate-200 bg-white p-4">
              <EvidenceForm disputeId={dispute.id} draft={draft} />
            </div>
            <div className="space-y-2 rounded-xl border border-brand-200 bg-white p-4">
              <h3 className="font-semibold">Submit</h3>
              <p className="text-sm text-slate-700">Sends the last saved draft to Stripe, which forwards it to the bank. It cannot be changed afterwards. Save your edits first.</p>
              {source === 'draft' ? <SubmitEvidenceForm disputeId={dispute.id} attemptId={randomUUID()} /> : <p className="text-sm font-medium text-amber-900">Save the draft to enable submitting.</p>}
            </div>
          </>
        ) : (
          <dl className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 text-sm" data-testid="evidence-readonly">
            {submitted ? null : <p className="text-slate-600">This dispute no longer accepts evidence; nothing was submitted from Bursar.</p>}
            {EVIDENCE_FIELDS.filter((f) => draft[f]).map((f) => (
              <div key={f}>
                <dt className="font-medium">{EVIDENCE_LABELS[f].label}</dt>
                <dd className="whitespace-pre-wrap text-slate-700">{draft[f]}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>
    </div>
  );
}
