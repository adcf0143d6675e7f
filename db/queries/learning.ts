import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { courses, enrollments, lessons } from '@/db/schema';

/** A course with its full lesson bodies: only for learners the access rule let in. */
export async function findCourseForLearning(db: Database, slug: string) {
  const course = await db.query.courses.findFirst({
    where: and(eq(courses.slug, slug), inArray(courses.status, ['published', 'unlisted'])),
    with: { lessons: { orderBy: [asc(lessons.position)] } },
  });
  return course ?? null;
}

/** Courses the learner holds through a purchase or a grant, newest first. */
export async function listEnrolledCourses(db: Database, userId: string) {
  return db
    .select({ slug: courses.slug, title: courses.title, summary: courses.summary, source: enrollments.source, grantedAt: enrollments.grantedAt })
    .from(enrollments)
    .innerJoin(courses, eq(courses.id, enrollments.courseId))
    .where(and(eq(enrollments.userId, userId), eq(enrollments.status, 'active')))
    .orderBy(desc(enrollments.grantedAt));
}
