import type { Metadata } from 'next';
import Link from 'next/link';
import { AdminEmptyState } from '@/components/admin/empty-state';
import { type Column, DataTable } from '@/components/admin/data-table';
import { MoneyAmount } from '@/components/admin/money';
import { PageHeader } from '@/components/admin/page-header';
import { StatusBadge } from '@/components/admin/status-badge';
import { cn } from '@/components/ui/cn';
import { getDb } from '@/db/client';
import { countDisputeQueue, type DisputeQueueFilter, type DisputeQueueRow, listDisputeQueue } from '@/db/queries/admin-disputes';
import { param, type SearchParams } from '@/lib/admin/search-params';
import { requireAdmin } from '@/lib/auth/guards';
import { Countdown } from './countdown';

export const metadata: Metadata = { title: 'Disputes · Admin' };

const PATH = '/admin/disputes';
const TABS: { value: DisputeQueueFilter; label: string; empty: string }[] = [
  { value: 'open', label: 'Needs response', empty: 'No dispute needs an answer. When a bank disputes a payment it appears here with its deadline.' },
  { value: 'review', label: 'Under review', empty: 'No dispute is waiting for the bank’s decision.' },
  { value: 'closed', label: 'Closed', empty: 'No dispute has closed yet.' },
];

export const reasonLabel = (reason: string) => reason.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase());

export default async function DisputesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireAdmin(PATH);
  const sp = await searchParams;
  const tab = TABS.find((t) => t.value === param(sp, 'tab')) ?? TABS[0]!;
  const db = await getDb();
  const [rows, counts] = await Promise.all([listDisputeQueue(db, tab.value), countDisputeQueue(db)]);
  const now = new Date().toISOString();

  const columns: Column<DisputeQueueRow>[] = [
    {
      key: 'learner',
      header: 'Learner',
      cell: (d) => (
        <Link href={`${PATH}/${d.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
          <span className="block">{d.learnerName ?? d.learnerEmail ?? d.stripeDisputeId}</span>
          <span className="block text-xs font-normal text-slate-600">{d.courseTitle ?? 'All-Access'}</span>
        </Link>
      ),
    },
    { key: 'amount', header: 'Amount', align: 'right', cell: (d) => <MoneyAmount amount={d.amount} currency={d.currency} /> },
    { key: 'reason', header: 'Reason', cell: (d) => reasonLabel(d.reason), hideOnMobile: true },
    {
      key: 'deadline',
      header: tab.value === 'closed' ? 'Closed' : 'Respond by',
      cell: (d) =>
        tab.value === 'closed' ? (d.closedAt ? d.closedAt.toISOString().slice(0, 10) : '—') : d.evidenceDueBy ? tab.value === 'open' ? <Countdown dueBy={d.evidenceDueBy.toISOString()} serverNow={now} /> : d.evidenceDueBy.toISOString().slice(0, 10) : '—',
    },
    {
      key: 'status',
      header: 'Status',
      cell: (d) => (
        <span className="flex flex-col items-start gap-1">
          <StatusBadge status={d.status} />
          {d.submittedAt ? <span className="text-xs text-slate-600">Evidence submitted</span> : d.hasDraft ? <span className="text-xs text-slate-600">Draft saved</span> : null}
        </span>
      ),
    },
  ];

  return (
    <div className="space-y-4">
      <PageHeader title="Disputes" description="Chargebacks and inquiries, soonest deadline first. Evidence is compiled from what Bursar knows about the learner and their use of the course.">
        <nav aria-label="Dispute queue" className="flex flex-wrap gap-2">
          {TABS.map((t) => (
            <Link
              key={t.value}
              href={t.value === 'open' ? PATH : `${PATH}?tab=${t.value}`}
              aria-current={t.value === tab.value ? 'page' : undefined}
              className={cn('rounded-lg px-3 py-1.5 text-sm font-medium ring-1 ring-slate-300', t.value === tab.value ? 'bg-slate-900 text-white ring-slate-900' : 'bg-white hover:bg-slate-50')}
            >
              {t.label} <span className="tabular-nums">({counts[t.value]})</span>
            </Link>
          ))}
        </nav>
      </PageHeader>
      <DataTable caption={`Disputes: ${tab.label.toLowerCase()}`} columns={columns} rows={rows} rowKey={(d) => d.id} testId="dispute-queue" empty={<AdminEmptyState title={`Nothing ${tab.label.toLowerCase()}`}>{tab.empty}</AdminEmptyState>} />
    </div>
  );
}
