import Link from 'next/link';
import { cn } from '@/components/ui/cn';

type SidebarLesson = { id: string; position: number; title: string; durationMinutes: number | null; isPreview: boolean };

type Props = {
  course: { slug: string; title: string };
  lessons: SidebarLesson[];
  currentId: string;
  completedIds: string[];
  /** The learner has the course: every lesson is a link. Otherwise only previews are. */
  open: boolean;
};

/**
 * The course's contents beside the lesson: progress, where you are, what is done. A column
 * from lg up; on a phone a disclosure above the lesson so the text comes first.
 */
export function LessonSidebar({ course, lessons, currentId, completedIds, open }: Props) {
  const completed = new Set(completedIds);
  const done = lessons.filter((lesson) => completed.has(lesson.id)).length;
  const percent = lessons.length ? Math.round((done * 100) / lessons.length) : 0;
  const list = (
    <ol className="mt-3 space-y-0.5 text-sm" aria-label="Lessons">
      {lessons.map((lesson) => {
        const current = lesson.id === currentId;
        const isDone = completed.has(lesson.id);
        const reachable = open || lesson.isPreview;
        const body = (
          <>
            <span aria-hidden className={cn('w-4 shrink-0 text-center', isDone ? 'text-emerald-600' : 'text-slate-300')}>
              {isDone ? '✓' : reachable ? '○' : '🔒'}
            </span>
            <span className="flex-1">
              {lesson.position}. {lesson.title}
            </span>
            <span className="sr-only">{isDone ? ' (completed)' : ''}{reachable ? '' : ' (in the full course)'}</span>
            <span className="shrink-0 tabular-nums text-xs text-slate-400">{lesson.durationMinutes}′</span>
          </>
        );
        const className = cn(
          'flex items-start gap-2 rounded-md px-2 py-1.5',
          current ? 'bg-brand-50 font-semibold text-brand-700' : reachable ? 'text-slate-700 hover:bg-slate-100' : 'text-slate-400',
        );
        return (
          <li key={lesson.id}>
            {reachable ? (
              <Link href={`/learn/${course.slug}/${lesson.position}`} aria-current={current ? 'page' : undefined} className={className}>
                {body}
              </Link>
            ) : (
              <span className={className}>{body}</span>
            )}
          </li>
        );
      })}
    </ol>
  );
  const progress = (
    <div className="mt-2">
      <p className="flex justify-between text-xs text-slate-600">
        <span data-testid="sidebar-progress">{open ? `${done} of ${lessons.length} complete` : `${lessons.length} lessons`}</span>
        {open ? <span>{percent}%</span> : null}
      </p>
      {open ? (
        <div className="mt-1 h-1.5 overflow-hidden rounded-full bg-slate-200" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100} aria-label="Course progress">
          <div className="h-full bg-brand-600" style={{ width: `${percent}%` }} />
        </div>
      ) : null}
    </div>
  );
  return (
    <aside aria-label="Course contents" className="h-fit rounded-xl border border-slate-200 bg-white p-4 lg:sticky lg:top-6">
      <details className="group lg:hidden">
        <summary className="cursor-pointer list-none font-semibold">
          <span className="flex items-center justify-between gap-2">
            <span className="truncate">{course.title}</span>
            <span className="shrink-0 text-xs font-medium text-brand-600">
              Contents <span aria-hidden className="inline-block transition group-open:rotate-180">▾</span>
            </span>
          </span>
          {progress}
        </summary>
        {list}
      </details>
      <div className="hidden lg:block">
        <p className="font-semibold">{course.title}</p>
        {progress}
        {list}
      </div>
    </aside>
  );
}
