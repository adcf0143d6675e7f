import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { LessonBody } from '@/components/learn/lesson-body';
import { buttonClass } from '@/components/ui/button';
import { getDb } from '@/db/client';
import { findCourseForLearning } from '@/db/queries/learning';
import type { AccessDecision } from '@/lib/billing/access';
import { requireUser } from '@/lib/auth/guards';
import { getCourseAccess } from '@/lib/billing/course-access';

export const metadata: Metadata = { title: 'Learn' };

type Props = { params: Promise<{ slug: string }> };

const CLOSED_REASONS: Record<Extract<AccessDecision, { allowed: false }>['reason'], string> = {
  not_purchased: 'You have not bought this course yet.',
  refunded: 'Your purchase of this course was refunded, so access ended.',
  dispute_lost: 'The payment for this course was reversed by your bank, so access ended.',
  revoked: 'Your access to this course was removed.',
  subscription_ended: 'Your All-Access subscription has ended.',
  payment_failed: 'Your All-Access renewal payment failed and the grace period is over.',
};

export default async function LearnCoursePage({ params }: Props) {
  const { slug } = await params;
  const user = await requireUser(`/learn/${slug}`);
  const course = /^[a-z0-9-]{1,120}$/.test(slug) ? await findCourseForLearning(await getDb(), slug) : null;
  if (!course) notFound();
  const access = await getCourseAccess(await getDb(), user.id, course.id);

  if (!access.allowed) {
    return (
      <div className="mx-auto max-w-lg rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
        <h1 className="text-2xl font-bold">{course.title}</h1>
        <p className="mt-2 text-slate-600" data-testid="closed-reason">{CLOSED_REASONS[access.reason]}</p>
        <div className="mt-6 flex flex-col gap-2 sm:flex-row sm:justify-center">
          <Link href={`/courses/${course.slug}`} className={buttonClass('primary')}>Buy this course</Link>
          <Link href="/pricing" className={buttonClass('secondary')}>Get All-Access</Link>
        </div>
      </div>
    );
  }

  return (
    <div className="grid gap-8 lg:grid-cols-[240px_1fr]">
      <nav aria-label="Lessons" className="h-fit rounded-xl border border-slate-200 bg-white p-4 text-sm lg:sticky lg:top-6">
        <p className="font-semibold">{course.title}</p>
        <ol className="mt-3 space-y-1">
          {course.lessons.map((lesson) => (
            <li key={lesson.id}>
              <a href={`#lesson-${lesson.position}`} className="block rounded px-2 py-1 text-slate-700 hover:bg-slate-100">
                {lesson.position}. {lesson.title}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      <article className="space-y-8">
        <header>
          <h1 className="text-3xl font-bold tracking-tight">{course.title}</h1>
          <p className="mt-1 text-sm text-slate-500">
            {access.via === 'purchase' || access.via === 'grant' ? 'Yours to keep.' : 'Included in All-Access.'}
          </p>
        </header>
        {course.lessons.map((lesson) => (
          <section key={lesson.id} id={`lesson-${lesson.position}`} aria-labelledby={`lesson-${lesson.position}-title`} className="scroll-mt-6 rounded-xl border border-slate-200 bg-white p-6">
            <h2 id={`lesson-${lesson.position}-title`} className="text-xl font-semibold">
              {lesson.position}. {lesson.title}
            </h2>
            <p className="mb-4 mt-1 text-xs text-slate-500">{lesson.durationMinutes} min</p>
            <LessonBody body={lesson.body} />
          </section>
        ))}
      </article>
    </div>
  );
}
