import type { Metadata } from 'next';
import Link from 'next/link';
import { AdminEmptyState } from '@/components/admin/empty-state';
import { type Column, DataTable } from '@/components/admin/data-table';
import { FilterBar, FilterSearch } from '@/components/admin/filter-bar';
import { PageHeader } from '@/components/admin/page-header';
import { StatusBadge } from '@/components/admin/status-badge';
import { cn } from '@/components/ui/cn';
import { getDb } from '@/db/client';
import { type LearnerListRow, searchLearners } from '@/db/queries/admin-learners';
import { hrefWith, param, type SearchParams } from '@/lib/admin/search-params';
import { requireAdmin } from '@/lib/auth/guards';
import { env } from '@/lib/env';

export const metadata: Metadata = { title: 'Learners · Admin' };

const LIMIT = 50;
const PATH = '/admin/learners';

export default async function LearnersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireAdmin(PATH);
  const sp = await searchParams;
  const query = (param(sp, 'q') ?? '').slice(0, 200);
  const kind = param(sp, 'kind') === 'admins' ? 'admins' : 'learners';
  const rows = await searchLearners(await getDb(), { query, kind, adminEmails: env.ADMIN_EMAILS, limit: LIMIT });

  const columns: Column<LearnerListRow>[] = [
    {
      key: 'who',
      header: kind === 'admins' ? 'Admin' : 'Learner',
      cell: (u) => (
        <Link href={`${PATH}/${u.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
          <span className="block">{u.name ?? u.email}</span>
          {u.name ? <span className="block text-xs font-normal text-slate-600">{u.email}</span> : null}
        </Link>
      ),
    },
    { key: 'joined', header: 'Joined', cell: (u) => <time dateTime={u.createdAt.toISOString()}>{u.createdAt.toISOString().slice(0, 10)}</time>, hideOnMobile: true },
    { key: 'state', header: 'Account', cell: (u) => (u.deletedAt ? <StatusBadge status="canceled" label="Deleted" /> : <StatusBadge status="active" label="Active" />) },
  ];

  const tab = (value: 'learners' | 'admins', label: string) => (
    <Link
      href={hrefWith(PATH, sp, { kind: value === 'learners' ? undefined : value })}
      aria-current={kind === value ? 'page' : undefined}
      className={cn('rounded-lg px-3 py-1.5 text-sm font-medium ring-1 ring-slate-300', kind === value ? 'bg-slate-900 text-white ring-slate-900' : 'bg-white hover:bg-slate-50')}
    >
      {label}
    </Link>
  );

  return (
    <div className="space-y-4">
      <PageHeader title="Learners" description="Find a learner by email or name: their payments, courses, subscription and notes. Admins are listed apart.">
        <nav aria-label="Learners or admins" className="flex gap-2">
          {tab('learners', 'Learners')}
          {tab('admins', 'Admins')}
        </nav>
      </PageHeader>
      <FilterBar action={PATH} keep={{ kind: kind === 'admins' ? 'admins' : undefined }} resetHref={kind === 'admins' ? `${PATH}?kind=admins` : PATH} label="Search learners">
        <FilterSearch label="Email or name" value={query} placeholder="ada@example.com" />
      </FilterBar>
      <DataTable
        caption={kind === 'admins' ? 'Admins' : 'Learners'}
        columns={columns}
        rows={rows}
        rowKey={(u) => u.id}
        testId="learner-results"
        pagination={{ prevHref: null, nextHref: null, summary: rows.length === LIMIT ? `Showing the first ${LIMIT}; narrow the search to see others.` : `${rows.length} shown` }}
        empty={
          <AdminEmptyState title={query ? `No ${kind} match “${query}”` : `No ${kind} yet`} clearHref={query ? hrefWith(PATH, sp, { q: undefined }) : undefined}>
            {query ? 'Search by part of the email address or the name.' : kind === 'admins' ? 'Admins are users with the admin role or an address in ADMIN_EMAILS.' : 'Learners appear here once they sign in for the first time.'}
          </AdminEmptyState>
        }
      />
    </div>
  );
}
