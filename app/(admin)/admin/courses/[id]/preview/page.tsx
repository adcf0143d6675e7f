import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Pill } from '@/components/admin-catalog/pill';
import { MarkdownBody } from '@/components/markdown/markdown-body';
import { Badge } from '@/components/ui/badge';
import { getDb } from '@/db/client';
import { findCourseForAdmin } from '@/db/queries/admin-courses';
import { formatMoney } from '@/lib/billing/money';
import { requireAdmin } from '@/lib/auth/guards';
import { levelLabel } from '@/lib/catalog/search-params';
import { courseStatusLabels } from '@/lib/courses-admin/labels';

export const metadata: Metadata = { title: 'Course preview' };

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/**
 * The course as learners will see it, in any status (the store itself never shows a draft):
 * cover, text, curriculum with free previews, prices, and every lesson body rendered.
 */
export default async function CoursePreviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAdmin(`/admin/courses/${id}/preview`);
  const course = isUuid(id) ? await findCourseForAdmin(await getDb(), id) : null;
  if (!course) notFound();
  const status = courseStatusLabels[course.status];
  const active = course.prices.filter((p) => p.active && p.type === 'one_time');
  const minutes = course.lessons.reduce((sum, l) => sum + l.durationMinutes, 0);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3 rounded-lg bg-amber-50 p-3 text-sm text-amber-900" role="status">
        <span className="flex flex-wrap items-center gap-2">
          Preview <Pill tone={status.tone}>{status.label}</Pill> {status.means}
        </span>
        <Link href={`/admin/courses/${course.id}`} className="font-semibold underline">Back to editing</Link>
      </div>
      <article className="space-y-6">
        <div className="aspect-video max-h-80 w-full overflow-hidden rounded-xl bg-slate-100">
          {course.imageUrl ? (
            // eslint-disable-next-line @next/next/no-img-element -- uploaded cover
            <img src={course.imageUrl} alt={`Cover of ${course.title}`} className="h-full w-full object-cover" />
          ) : (
            <p className="flex h-full items-center justify-center text-sm text-slate-500">No cover uploaded</p>
          )}
        </div>
        <header>
          <div className="mb-3 flex flex-wrap gap-2">
            <Badge tone="brand">{course.category}</Badge>
            <Badge>{levelLabel(course.level)}</Badge>
          </div>
          <h1 className="text-3xl font-bold tracking-tight">{course.title}</h1>
          <p className="mt-2 text-lg text-slate-600">{course.summary}</p>
          <p className="mt-2 text-sm text-slate-600" data-testid="preview-prices">
            {active.length ? active.map((p) => formatMoney({ amount: p.unitAmount, currency: p.currency })).join(' · ') : 'No price yet: learners could not buy it.'}
          </p>
        </header>
        <section aria-labelledby="about" className="space-y-3">
          <h2 id="about" className="text-xl font-semibold">About this course</h2>
          <MarkdownBody source={course.description} />
        </section>
        <section aria-labelledby="curriculum" className="space-y-3">
          <h2 id="curriculum" className="text-xl font-semibold">Curriculum</h2>
          <p className="text-sm text-slate-500">{course.lessons.length} lessons · {minutes} minutes</p>
          {course.lessons.map((lesson) => (
            <details key={lesson.id} className="rounded-xl border border-slate-200 bg-white p-4">
              <summary className="flex cursor-pointer flex-wrap items-center gap-3 text-sm">
                <span className="tabular-nums text-slate-400">{lesson.position}</span>
                <span className="flex-1 font-medium">{lesson.title}</span>
                {lesson.isPreview ? <Badge tone="success">Free preview</Badge> : null}
                <span className="tabular-nums text-slate-500">{lesson.durationMinutes} min</span>
              </summary>
              <div className="mt-3 border-t border-slate-100 pt-3">
                <MarkdownBody source={lesson.body} />
              </div>
            </details>
          ))}
        </section>
      </article>
    </div>
  );
}
