import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AccessClosed } from '@/components/learn/access-closed';
import { CompleteButton } from '@/components/learn/complete-button';
import { LessonBody } from '@/components/learn/lesson-body';
import { buttonClass } from '@/components/ui/button';
import { loadLearningCourse } from '../load-course';

export const metadata: Metadata = { title: 'Lesson' };

type Props = { params: Promise<{ slug: string; lesson: string }> };

export default async function LessonPage({ params }: Props) {
  const { slug, lesson: positionParam } = await params;
  const { course, access, completed } = await loadLearningCourse(slug, `/learn/${slug}/${positionParam}`);
  const position = /^\d{1,4}$/.test(positionParam) ? Number(positionParam) : NaN;
  const index = course.lessons.findIndex((entry) => entry.position === position);
  const lesson = course.lessons[index];
  if (!lesson) notFound();
  // Preview lessons are open to every signed-in visitor; the rest follow the access rule.
  if (!access.allowed && !lesson.isPreview) return <AccessClosed title={course.title} slug={course.slug} reason={access.reason} />;
  const previous = course.lessons[index - 1];
  const next = course.lessons[index + 1];
  const isDone = completed.has(lesson.id);

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href={`/learn/${course.slug}`} className="hover:text-brand-600">{course.title}</Link> <span aria-hidden>/</span> Lesson {lesson.position} of {course.lessons.length}
      </nav>
      <article className="rounded-xl border border-slate-200 bg-white p-6 sm:p-8">
        <h1 className="text-2xl font-bold tracking-tight">{lesson.title}</h1>
        <p className="mb-6 mt-1 text-xs text-slate-500">{lesson.durationMinutes} min</p>
        <LessonBody body={lesson.body} />
        <div className="mt-8 border-t border-slate-200 pt-6">
          {access.allowed ? (
            <CompleteButton lessonId={lesson.id} completed={isDone} />
          ) : (
            <p className="text-sm text-slate-600">
              This is a free preview. <Link href={`/courses/${course.slug}`} className="font-semibold text-brand-600 hover:underline">Get the full course</Link> to continue.
            </p>
          )}
        </div>
      </article>
      <nav aria-label="Lesson navigation" className="flex justify-between gap-3">
        {previous ? (
          <Link href={`/learn/${course.slug}/${previous.position}`} className={buttonClass('secondary')} rel="prev">← {previous.title}</Link>
        ) : <span />}
        {next ? (
          <Link href={`/learn/${course.slug}/${next.position}`} className={buttonClass('secondary')} rel="next">{next.title} →</Link>
        ) : (
          <Link href={`/learn/${course.slug}`} className={buttonClass('secondary')}>Back to the course</Link>
        )}
      </nav>
    </div>
  );
}
