import type { Metadata } from 'next';
import Link from 'next/link';
import { AccessClosed } from '@/components/learn/access-closed';
import { buttonClass } from '@/components/ui/button';
import { loadLearningCourse } from './load-course';

export const metadata: Metadata = { title: 'Learn' };

type Props = { params: Promise<{ slug: string }> };

export default async function LearnCoursePage({ params }: Props) {
  const { slug } = await params;
  const { course, access, completed } = await loadLearningCourse(slug, `/learn/${slug}`);
  if (!access.allowed) return <AccessClosed title={course.title} slug={course.slug} reason={access.reason} />;

  const done = course.lessons.filter((lesson) => completed.has(lesson.id)).length;
  const next = course.lessons.find((lesson) => !completed.has(lesson.id)) ?? course.lessons[0];
  const percent = course.lessons.length ? Math.round((done * 100) / course.lessons.length) : 0;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <header>
        <p className="text-sm text-slate-500">{access.via === 'purchase' || access.via === 'grant' ? 'Yours to keep.' : 'Included in All-Access.'}</p>
        <h1 className="mt-1 text-3xl font-bold tracking-tight">{course.title}</h1>
        <div className="mt-4">
          <div className="flex justify-between text-sm text-slate-600">
            <span data-testid="progress-text">{done} of {course.lessons.length} lessons complete</span>
            <span>{percent}%</span>
          </div>
          <div className="mt-1 h-2 overflow-hidden rounded-full bg-slate-200" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100} aria-label="Course progress">
            <div className="h-full bg-brand-600" style={{ width: `${percent}%` }} />
          </div>
        </div>
        {next ? (
          <Link href={`/learn/${course.slug}/${next.position}`} className={buttonClass('primary', 'mt-4')}>
            {done === 0 ? 'Start the first lesson' : done === course.lessons.length ? 'Review from the start' : 'Continue where you left off'}
          </Link>
        ) : null}
      </header>
      <ol className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white" aria-label="Lessons">
        {course.lessons.map((lesson) => (
          <li key={lesson.id}>
            <Link href={`/learn/${course.slug}/${lesson.position}`} className="flex items-center gap-3 px-4 py-3 text-sm hover:bg-slate-50">
              <span aria-hidden className={completed.has(lesson.id) ? 'text-emerald-600' : 'text-slate-300'}>{completed.has(lesson.id) ? '✓' : '○'}</span>
              <span className="flex-1 font-medium">{lesson.position}. {lesson.title}</span>
              <span className="sr-only">{completed.has(lesson.id) ? 'completed' : 'not completed'}</span>
              <span className="tabular-nums text-slate-500">{lesson.durationMinutes} min</span>
            </Link>
          </li>
        ))}
      </ol>
    </div>
  );
}
