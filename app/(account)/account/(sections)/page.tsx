import type { Metadata } from 'next';
import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';
import { getDb } from '@/db/client';
import { countCompletedLessonsByCourse, listEnrolledCourses } from '@/db/queries/learning';
import { requireUser } from '@/lib/auth/guards';
import { hasAllAccess } from '@/lib/billing/course-access';

export const metadata: Metadata = { title: 'My account' };

export default async function AccountPage() {
  const user = await requireUser('/account');
  const db = await getDb();
  const [owned, allAccess, progress] = await Promise.all([
    listEnrolledCourses(db, user.id),
    hasAllAccess(db, user.id),
    countCompletedLessonsByCourse(db, user.id),
  ]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-3xl font-bold tracking-tight">My account</h1>
        <p className="mt-1 text-slate-600">
          Signed in as <strong data-testid="account-email" className="break-all">{user.email}</strong>
          {user.role === 'admin' ? ' (administrator)' : ''}.
        </p>
      </div>
      <section aria-labelledby="my-courses" className="space-y-3">
        <h2 id="my-courses" className="text-xl font-semibold">My courses</h2>
        {allAccess ? (
          <p className="rounded-lg bg-brand-50 p-3 text-sm text-brand-700" data-testid="all-access-active">
            All-Access is active: <Link href="/" className="font-semibold underline">every course</Link> is open to you.
          </p>
        ) : null}
        {owned.length === 0 && !allAccess ? (
          <EmptyState title="No courses yet">
            <Link href="/" className="font-medium text-brand-600 hover:underline">Browse courses</Link> to find your first one.
          </EmptyState>
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2" aria-label="Owned courses">
            {owned.map((course) => (
              <li key={course.slug} className="rounded-xl border border-slate-200 bg-white p-4">
                <p className="font-semibold">{course.title}</p>
                <p className="mt-1 text-sm text-slate-600">{course.summary}</p>
                <p className="mt-2 text-xs text-slate-500">
                  {progress.get(course.id) ?? 0} of {course.lessonCount} lessons complete
                </p>
                <Link href={`/learn/${course.slug}`} className="mt-3 inline-block text-sm font-semibold text-brand-600 hover:underline">
                  {(progress.get(course.id) ?? 0) > 0 ? 'Continue learning →' : 'Start →'}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
