import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { AccessClosed } from '@/components/learn/access-closed';
import { CompleteButton } from '@/components/learn/complete-button';
import { LessonBody } from '@/components/learn/lesson-body';
import { LessonSidebar } from '@/components/learn/lesson-sidebar';
import { buttonClass } from '@/components/ui/button';
import { getDb } from '@/db/client';
import { findCourseForLearning, listCompletedLessonIds } from '@/db/queries/learning';
import { getSessionUser } from '@/lib/auth/guards';
import { getCourseAccess } from '@/lib/billing/course-access';

type Props = { params: Promise<{ slug: string; lesson: string }> };

const loadCourse = cache(async (slug: string) => (/^[a-z0-9-]{1,120}$/.test(slug) ? findCourseForLearning(await getDb(), slug) : null));
const parsePosition = (value: string) => (/^\d{1,4}$/.test(value) ? Number(value) : NaN);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, lesson: positionParam } = await params;
  const course = await loadCourse(slug);
  const lesson = course?.lessons.find((entry) => entry.position === parsePosition(positionParam));
  return { title: course && lesson ? `${lesson.title} · ${course.title}` : 'Page not found' };
}

/**
 * The lesson player. Free preview lessons are open to everyone, visitors included; every other
 * lesson needs a signed-in learner the access rule lets in.
 */
export default async function LessonPage({ params }: Props) {
  const { slug, lesson: positionParam } = await params;
  const returnTo = `/learn/${slug}/${positionParam}`;
  const user = await getSessionUser();
  const db = await getDb();
  const course = await loadCourse(slug);
  const position = parsePosition(positionParam);
  const index = course ? course.lessons.findIndex((entry) => entry.position === position) : -1;
  const lesson = course?.lessons[index];
  // Previews of a course on sale (not of an archived one, which only its owners still open).
  const preview = Boolean(lesson?.isPreview && course && ['published', 'unlisted'].includes(course.status));
  // A visitor learns nothing about courses or lessons beyond the previews: sign in first.
  if (!user && !preview) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (!course || !lesson) notFound();
  const [access, completed] = user
    ? await Promise.all([getCourseAccess(db, user.id, course.id), listCompletedLessonIds(db, user.id, course.id)])
    : [null, new Set<string>()];
  if (!access?.allowed && !preview) {
    return <AccessClosed title={course.title} slug={course.slug} reason={access && !access.allowed ? access.reason : 'not_purchased'} />;
  }
  const open = Boolean(access?.allowed);
  const previous = course.lessons[index - 1];
  const next = course.lessons[index + 1];
  const isDone = completed.has(lesson.id);
  const sidebarLessons = course.lessons.map(({ id, position, title, durationMinutes, isPreview }) => ({ id, position, title, durationMinutes, isPreview }));
  const reachable = (entry: { isPreview: boolean } | undefined) => Boolean(entry && (open || (preview && entry.isPreview)));

  return (
    <div className="grid gap-6 lg:grid-cols-[280px_1fr]">
      <LessonSidebar
        course={{ slug: course.slug, title: course.title }}
        lessons={sidebarLessons}
        currentId={lesson.id}
        completedIds={[...completed]}
        open={open}
      />
      <div className="min-w-0 space-y-6">
        <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
          <Link href={open ? `/learn/${course.slug}` : `/courses/${course.slug}`} className="hover:text-brand-600">{course.title}</Link>{' '}
          <span aria-hidden>/</span> Lesson {lesson.position} of {course.lessons.length}
        </nav>
        <article className="rounded-xl border border-slate-200 bg-white p-6 sm:p-8">
          {!open ? <p className="mb-3 inline-flex rounded-full bg-emerald-50 px-2.5 py-0.5 text-xs font-medium text-emerald-700">Free preview</p> : null}
          <h1 className="text-2xl font-bold tracking-tight">{lesson.title}</h1>
          <p className="mb-6 mt-1 text-xs text-slate-500">{lesson.durationMinutes} min</p>
          <LessonBody body={lesson.body} />
          <div className="mt-8 border-t border-slate-200 pt-6">
            {open ? (
              <CompleteButton lessonId={lesson.id} completed={isDone} />
            ) : (
              <p className="text-sm text-slate-600" data-testid="preview-cta">
                This is a free preview.{' '}
                <Link href={`/courses/${course.slug}`} className="font-semibold text-brand-600 hover:underline">Get the full course</Link> to continue.
              </p>
            )}
          </div>
        </article>
        <nav aria-label="Lesson navigation" className="flex flex-col justify-between gap-3 sm:flex-row">
          {reachable(previous) && previous ? (
            <Link href={`/learn/${course.slug}/${previous.position}`} className={buttonClass('secondary')} rel="prev">← {previous.title}</Link>
          ) : <span />}
          {reachable(next) && next ? (
            <Link href={`/learn/${course.slug}/${next.position}`} className={buttonClass('primary')} rel="next">{next.title} →</Link>
          ) : open ? (
            <Link href={`/learn/${course.slug}`} className={buttonClass('secondary')}>Back to the course</Link>
          ) : (
            <Link href={`/courses/${course.slug}`} className={buttonClass('primary')}>Get the full course</Link>
          )}
        </nav>
      </div>
    </div>
  );
}
