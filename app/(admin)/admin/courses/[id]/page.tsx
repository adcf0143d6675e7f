import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Pill } from '@/components/admin-catalog/pill';
import { AdminEmptyState } from '@/components/admin/empty-state';
import { PageHeader } from '@/components/admin/page-header';
import { buttonClass } from '@/components/ui/button';
import { getDb } from '@/db/client';
import { findCourseForAdmin, listAllCategories } from '@/db/queries/admin-courses';
import { requireAdmin } from '@/lib/auth/guards';
import { courseStatusLabels } from '@/lib/courses-admin/labels';
import { countLiveSubscriptionsByPrice } from '@/db/queries/admin-prices';
import { SUPPORTED_CURRENCIES } from '@/lib/billing/currencies';
import { CourseForm } from '../course-form';
import { PriceTable } from '../price-table';
import { CoverForm } from './cover-form';
import { LessonOrder } from './lesson-order';
import { StatusControls } from './status-controls';

export const metadata: Metadata = { title: 'Edit course' };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

export default async function CoursePage({ params, searchParams }: Props) {
  const { id } = await params;
  await requireAdmin(`/admin/courses/${id}`);
  const db = await getDb();
  const course = isUuid(id) ? await findCourseForAdmin(db, id) : null;
  if (!course) notFound();
  const [categories, query] = await Promise.all([listAllCategories(db), searchParams]);
  const status = courseStatusLabels[course.status];
  const live = course.status === 'published' || course.status === 'unlisted';

  return (
    <div className="space-y-8">
      <div>
        <Link href="/admin/courses" className="text-sm font-semibold text-brand-600 hover:underline">← Courses</Link>
        <PageHeader
          title={course.title}
          description={
            <span className="flex flex-wrap items-center gap-2">
              <Pill tone={status.tone} testId="course-status">{status.label}</Pill>
              <span>{status.means}</span>
            </span>
          }
          actions={
            <>
              <Link href={`/admin/courses/${course.id}/preview`} className={buttonClass('secondary')}>Preview</Link>
              {live ? <Link href={`/courses/${course.slug}`} className={buttonClass('ghost')}>View in store</Link> : null}
            </>
          }
        >
          {query.created ? <p role="status" className="rounded-md bg-emerald-50 p-2 text-sm text-emerald-800">Draft created. Add lessons and a price, then publish.</p> : null}
          <StatusControls courseId={course.id} status={course.status} />
        </PageHeader>
      </div>

      <section aria-labelledby="details" className="max-w-3xl space-y-3">
        <h2 id="details" className="text-xl font-semibold">Details</h2>
        <CourseForm courseId={course.id} categories={categories} values={course} />
      </section>

      <section aria-labelledby="prices" className="max-w-3xl space-y-3">
        <h2 id="prices" className="text-xl font-semibold">Prices</h2>
        <p className="text-sm text-slate-600">One-time price per currency. A change creates a new Stripe price and archives the old one; past receipts keep what was paid.</p>
        <PriceTable owner={{ ownerKind: 'course', ownerId: course.id }} prices={course.prices} subscribers={await countLiveSubscriptionsByPrice(db, [])} currencies={SUPPORTED_CURRENCIES} />
      </section>

      <section aria-labelledby="cover" className="max-w-3xl space-y-3">
        <h2 id="cover" className="text-xl font-semibold">Cover image</h2>
        <CoverForm courseId={course.id} imageUrl={course.imageUrl} title={course.title} />
      </section>

      <section aria-labelledby="lessons-heading" id="lessons" className="max-w-3xl space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="lessons-heading" className="text-xl font-semibold">
            Lessons
          </h2>
          <Link href={`/admin/courses/${course.id}/lessons/new`} className={buttonClass('primary')}>Add lesson</Link>
        </div>
        {course.lessons.length === 0 ? (
          <AdminEmptyState title="No lessons yet">A course needs at least one lesson before it can be published.</AdminEmptyState>
        ) : (
          <LessonOrder courseId={course.id} editHref={`/admin/courses/${course.id}/lessons`} lessons={course.lessons.map(({ id: lessonId, title, durationMinutes, isPreview }) => ({ id: lessonId, title, durationMinutes, isPreview }))} />
        )}
      </section>
    </div>
  );
}
