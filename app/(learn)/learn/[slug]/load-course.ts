import 'server-only';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { findCourseForLearning, listCompletedLessonIds } from '@/db/queries/learning';
import { requireUser } from '@/lib/auth/guards';
import { getCourseAccess } from '@/lib/billing/course-access';

/** The course, the learner's access decision and their progress: what every learn page needs. */
export async function loadLearningCourse(slug: string, returnTo: string) {
  const user = await requireUser(returnTo);
  const db = await getDb();
  const course = /^[a-z0-9-]{1,120}$/.test(slug) ? await findCourseForLearning(db, slug) : null;
  if (!course) notFound();
  const [access, completed] = await Promise.all([getCourseAccess(db, user.id, course.id), listCompletedLessonIds(db, user.id, course.id)]);
  return { user, course, access, completed };
}
