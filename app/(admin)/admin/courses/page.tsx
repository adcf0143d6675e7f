import type { Metadata } from 'next';
import Link from 'next/link';
import { Pill } from '@/components/admin-catalog/pill';
import { DataTable } from '@/components/admin/data-table';
import { AdminEmptyState } from '@/components/admin/empty-state';
import { PageHeader } from '@/components/admin/page-header';
import { buttonClass } from '@/components/ui/button';
import { getDb } from '@/db/client';
import { type AdminCourseListRow, listCoursesForAdmin } from '@/db/queries/admin-courses';
import { courseStatuses } from '@/db/schema/enums';
import { formatMoney } from '@/lib/billing/money';
import { requireAdmin } from '@/lib/auth/guards';
import { courseStatusLabels } from '@/lib/courses-admin/labels';

export const metadata: Metadata = { title: 'Courses' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function CoursesPage({ searchParams }: Props) {
  await requireAdmin('/admin/courses');
  const raw = (await searchParams).status;
  const status = courseStatuses.find((s) => s === raw);
  const courses = await listCoursesForAdmin(await getDb(), { status });

  return (
    <div>
      <PageHeader
        title="Courses"
        description="Every course in any status. Learners only ever see published and unlisted ones."
        actions={
          <>
            <Link href="/admin/courses/plan" className={buttonClass('secondary')}>All-Access prices</Link>
            <Link href="/admin/courses/new" className={buttonClass('primary')}>New course</Link>
          </>
        }
      >
        <nav aria-label="Filter by status" className="flex flex-wrap gap-2 text-sm">
          {[undefined, ...courseStatuses].map((s) => (
            <Link
              key={s ?? 'all'}
              href={s ? `/admin/courses?status=${s}` : '/admin/courses'}
              aria-current={s === status ? 'page' : undefined}
              className="rounded-full px-3 py-1 ring-1 ring-slate-300 hover:bg-slate-50 aria-[current=page]:bg-slate-900 aria-[current=page]:text-white"
            >
              {s ? courseStatusLabels[s].label : 'All'}
            </Link>
          ))}
        </nav>
      </PageHeader>
      <DataTable<AdminCourseListRow>
        caption="Courses"
        testId="courses-table"
        rows={courses}
        rowKey={(c) => c.id}
        empty={
          <AdminEmptyState title={status ? `No ${courseStatusLabels[status].label.toLowerCase()} courses` : 'No courses yet'} clearHref={status ? '/admin/courses' : undefined}>
            {status ? null : 'Create the first one: it starts as a draft nobody else sees.'}
          </AdminEmptyState>
        }
        columns={[
          {
            key: 'title',
            header: 'Course',
            cell: (c) => (
              <div className="min-w-40">
                <Link href={`/admin/courses/${c.id}`} className="font-semibold text-brand-700 hover:underline">{c.title}</Link>
                <p className="font-mono text-xs text-slate-500">/{c.slug}</p>
              </div>
            ),
          },
          { key: 'status', header: 'Status', cell: (c) => <Pill tone={courseStatusLabels[c.status].tone}>{courseStatusLabels[c.status].label}</Pill> },
          { key: 'lessons', header: 'Lessons', align: 'right', cell: (c) => c.lessonCount },
          {
            key: 'prices',
            header: 'Prices',
            hideOnMobile: true,
            cell: (c) => (c.activePrices.length ? c.activePrices.map((p) => formatMoney({ amount: p.unitAmount, currency: p.currency })).join(' · ') : <span className="text-amber-800">none</span>),
          },
          { key: 'category', header: 'Category', hideOnMobile: true, cell: (c) => c.category },
        ]}
      />
    </div>
  );
}
