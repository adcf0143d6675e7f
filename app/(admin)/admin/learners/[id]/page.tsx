import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { AdminEmptyState } from '@/components/admin/empty-state';
import { type Column, DataTable } from '@/components/admin/data-table';
import { MoneyAmount, MoneyList } from '@/components/admin/money';
import { PageHeader } from '@/components/admin/page-header';
import { StatusBadge } from '@/components/admin/status-badge';
import { getDb } from '@/db/client';
import {
  findUserById,
  type LearnerEnrollment,
  type LearnerPayment,
  listAdminNotes,
  listGrantableCourses,
  listLearnerEnrollments,
  listLearnerPayments,
  listLearnerSubscriptions,
  sumLifetimeValue,
} from '@/db/queries/admin-learners';
import { requireAdmin } from '@/lib/auth/guards';
import { isAdminEmail } from '@/lib/env';
import { AddNoteForm, GrantAccessForm, ResendReceiptForm, RevokeAccessForm } from '../learner-forms';

export const metadata: Metadata = { title: 'Learner · Admin' };

const day = (d: Date | null) => (d ? <time dateTime={d.toISOString()}>{d.toISOString().slice(0, 10)}</time> : '—');
const minute = (d: Date) => <time dateTime={d.toISOString()}>{d.toISOString().slice(0, 16).replace('T', ' ')} UTC</time>;
const RECEIPTED = new Set(['succeeded', 'partially_refunded', 'refunded']);

function Section({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function enrollmentState(e: LearnerEnrollment, now: Date) {
  if (e.status === 'revoked') return <StatusBadge status="canceled" label={`Revoked${e.revokeReason ? ` (${e.revokeReason.replaceAll('_', ' ')})` : ''}`} />;
  if (e.expiresAt && e.expiresAt <= now) return <StatusBadge status="canceled" label="Expired" />;
  return <StatusBadge status="active" label="Active" />;
}

export default async function LearnerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAdmin(`/admin/learners/${encodeURIComponent(id)}`);
  if (!/^[A-Za-z0-9-]{1,100}$/.test(id)) notFound();
  const db = await getDb();
  const learner = await findUserById(db, id);
  if (!learner) notFound();
  const [payments, enrollments, subscriptions, ltv, notes, courses] = await Promise.all([
    listLearnerPayments(db, id),
    listLearnerEnrollments(db, id),
    listLearnerSubscriptions(db, id),
    sumLifetimeValue(db, id),
    listAdminNotes(db, id),
    listGrantableCourses(db),
  ]);
  const now = new Date();
  const isAdmin = learner.role === 'admin' || isAdminEmail(learner.email);

  const enrollmentColumns: Column<LearnerEnrollment>[] = [
    { key: 'course', header: 'Course', cell: (e) => <span className="font-medium">{e.courseTitle}</span> },
    { key: 'source', header: 'Through', cell: (e) => (e.source === 'grant' ? 'Comp grant' : e.source === 'purchase' ? 'Purchase' : 'Subscription') },
    { key: 'state', header: 'Access', cell: (e) => enrollmentState(e, now) },
    { key: 'until', header: 'Until', cell: (e) => (e.expiresAt ? day(new Date(e.expiresAt.getTime() - 1)) : 'No end'), hideOnMobile: true },
    {
      key: 'why',
      header: 'Granted',
      cell: (e) => (
        <span className="text-xs text-slate-600">
          {day(e.grantedAt)}
          {e.grantedByEmail ? ` by ${e.grantedByEmail}` : ''}
          {e.grantReason ? <span className="block">“{e.grantReason}”</span> : null}
        </span>
      ),
      hideOnMobile: true,
    },
    { key: 'actions', header: <span className="sr-only">Actions</span>, cell: (e) => (e.status === 'active' && e.source !== 'subscription' ? <RevokeAccessForm userId={id} enrollmentId={e.id} courseTitle={e.courseTitle} /> : null) },
  ];

  const paymentColumns: Column<LearnerPayment>[] = [
    {
      key: 'date',
      header: 'Date',
      cell: (p) => (
        <Link href={`/admin/payments/${p.id}`} className="text-brand-700 underline" aria-label={`Payment of ${(p.succeededAt ?? p.createdAt).toISOString().slice(0, 10)}`}>
          {day(p.succeededAt ?? p.createdAt)}
        </Link>
      ),
    },
    { key: 'what', header: 'For', cell: (p) => p.courseTitle ?? (p.stripeInvoiceId ? 'All-Access' : '—') },
    {
      key: 'amount',
      header: 'Amount',
      align: 'right',
      cell: (p) => (
        <span className="flex flex-col items-end">
          <MoneyAmount amount={p.amount} currency={p.currency} />
          {p.amountRefunded > 0 ? (
            <span className="text-xs text-slate-600">
              <MoneyAmount amount={p.amountRefunded} currency={p.currency} /> refunded
            </span>
          ) : null}
        </span>
      ),
    },
    { key: 'status', header: 'Status', cell: (p) => <StatusBadge status={p.status} /> },
    { key: 'stripe', header: 'Stripe', cell: (p) => <code className="text-xs">{p.stripePaymentIntentId}</code>, hideOnMobile: true },
    { key: 'receipt', header: <span className="sr-only">Receipt</span>, cell: (p) => (RECEIPTED.has(p.status) && (p.courseTitle || p.stripeInvoiceId) ? <ResendReceiptForm userId={id} paymentId={p.id} attemptId={randomUUID()} /> : null) },
  ];

  return (
    <div className="space-y-8">
      <PageHeader
        title={learner.name ?? learner.email}
        description={
          <>
            {learner.email} · joined {learner.createdAt.toISOString().slice(0, 10)}
            {learner.deletedAt ? ' · account deleted' : ''}
          </>
        }
        actions={
          <Link href={isAdmin ? '/admin/learners?kind=admins' : '/admin/learners'} className="text-sm font-medium text-brand-700 underline">
            ← All {isAdmin ? 'admins' : 'learners'}
          </Link>
        }
      >
        {isAdmin ? <StatusBadge status="open" label="Admin" /> : null}
      </PageHeader>

      <dl className="grid gap-4 sm:grid-cols-3">
        <div className="rounded-xl border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-600">Lifetime value</dt>
          <dd className="mt-1 text-xl font-bold" data-testid="lifetime-value">
            <MoneyList amounts={ltv.map((v) => ({ amount: v.net, currency: v.currency }))} empty="Nothing paid yet" />
          </dd>
          <dd className="mt-1 text-xs text-slate-600">Paid, less refunds; disputed payments left out. Per currency.</dd>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-600">Courses open</dt>
          <dd className="mt-1 text-xl font-bold tabular-nums">{enrollments.filter((e) => e.status === 'active' && (!e.expiresAt || e.expiresAt > now)).length}</dd>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-600">All-Access</dt>
          <dd className="mt-1">
            {subscriptions[0] ? (
              <Link href={`/admin/subscriptions/${subscriptions[0].id}`} className="inline-flex items-center gap-2 font-medium text-brand-700 underline">
                <StatusBadge status={subscriptions[0].status} />
                {subscriptions[0].planName ?? 'Subscription'}
              </Link>
            ) : (
              <span className="text-slate-600">No subscription</span>
            )}
          </dd>
          {subscriptions[0]?.currentPeriodEnd ? (
            <dd className="mt-1 text-xs text-slate-600">
              {subscriptions[0].cancelAtPeriodEnd ? 'Ends' : 'Renews'} {subscriptions[0].currentPeriodEnd.toISOString().slice(0, 10)}
            </dd>
          ) : null}
        </div>
      </dl>

      <Section title="Course access" id="access">
        <DataTable caption="Course access" columns={enrollmentColumns} rows={enrollments} rowKey={(e) => e.id} testId="enrollments" empty={<AdminEmptyState title="No courses yet">Grant one below, or the learner buys one.</AdminEmptyState>} />
        <div className="rounded-xl border border-slate-200 bg-white p-4">
          <h3 className="mb-2 font-semibold">Grant a course</h3>
          {courses.length > 0 ? <GrantAccessForm userId={id} courses={courses} today={now.toISOString().slice(0, 10)} /> : <p className="text-sm text-slate-600">There are no courses to grant yet.</p>}
        </div>
      </Section>

      <Section title="Payments" id="payments">
        <DataTable caption="Payments" columns={paymentColumns} rows={payments} rowKey={(p) => p.id} testId="payments" empty={<AdminEmptyState title="No payments">This learner has not paid for anything.</AdminEmptyState>} />
      </Section>

      <Section title="Notes" id="notes">
        <AddNoteForm userId={id} />
        {notes.length === 0 ? (
          <p className="text-sm text-slate-600">No notes yet.</p>
        ) : (
          <ol className="space-y-3" data-testid="notes">
            {notes.map((n) => (
              <li key={n.id} className="rounded-xl border border-slate-200 bg-white p-3">
                <p className="whitespace-pre-wrap text-sm">{n.body}</p>
                <p className="mt-1 text-xs text-slate-600">
                  {n.authorEmail ?? 'A former admin'} · {minute(n.createdAt)}
                </p>
              </li>
            ))}
          </ol>
        )}
      </Section>
    </div>
  );
}
