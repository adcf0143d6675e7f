import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { courses, enrollments, lessonProgress, lessons } from '@/db/schema';

/** A course with its full lesson bodies: only for learners the access rule let in. */
export async function findCourseForLearning(db: Database, slug: string) {
  const course = await db.query.courses.findFirst({
    // Archived courses stay open to the learners who hold them (the access rule decides who).
    where: and(eq(courses.slug, slug), inArray(courses.status, ['published', 'unlisted', 'archived'])),
    with: { lessons: { orderBy: [asc(lessons.position)] } },
  });
  return course ?? null;
}

/** Courses the learner holds through a purchase or a grant (an expired comp grant no longer counts), newest first. */
export async function listEnrolledCourses(db: Database, userId: string) {
  return db
    .select({ id: courses.id, slug: courses.slug, title: courses.title, summary: courses.summary, source: enrollments.source, grantedAt: enrollments.grantedAt, lessonCount: sql<number>`(select count(*)::int from ${lessons} where ${lessons.courseId} = ${courses.id})` })
    .from(enrollments)
    .innerJoin(courses, eq(courses.id, enrollments.courseId))
    .where(and(eq(enrollments.userId, userId), eq(enrollments.status, 'active'), or(isNull(enrollments.expiresAt), gt(enrollments.expiresAt, sql`now()`))))
    .orderBy(desc(enrollments.grantedAt));
}

/** Lesson ids the learner has completed in one course. */
export async function listCompletedLessonIds(db: Database, userId: string, courseId: string): Promise<Set<string>> {
  const rows = await db
    .select({ lessonId: lessonProgress.lessonId })
    .from(lessonProgress)
    .where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.courseId, courseId), isNotNull(lessonProgress.completedAt)));
  return new Set(rows.map((row) => row.lessonId));
}

/** Completed-lesson counts per course for one learner (My courses progress bars). */
export async function countCompletedLessonsByCourse(db: Database, userId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ courseId: lessonProgress.courseId, completed: count() })
    .from(lessonProgress)
    .where(and(eq(lessonProgress.userId, userId), isNotNull(lessonProgress.completedAt)))
    .groupBy(lessonProgress.courseId);
  return new Map(rows.map((row) => [row.courseId, row.completed]));
}

/**
 * Records a visit or a completion, idempotently (one row per learner and lesson). Marking
 * complete twice keeps the first completion time; "not complete" clears it.
 */
export async function saveLessonProgress(
  db: Database,
  params: { userId: string; lessonId: string; courseId: string; completed: boolean | null },
): Promise<void> {
  const completedAt = params.completed === null ? undefined : params.completed ? sql`coalesce(${lessonProgress.completedAt}, now())` : null;
  await db
    .insert(lessonProgress)
    .values({ userId: params.userId, lessonId: params.lessonId, courseId: params.courseId, completedAt: params.completed ? new Date() : null })
    .onConflictDoUpdate({
      target: [lessonProgress.userId, lessonProgress.lessonId],
      set: { lastViewedAt: sql`now()`, ...(completedAt === undefined ? {} : { completedAt }) },
    });
}

/** A lesson and the slug of its course, by lesson id (any course status); null when unknown. */
export async function findLessonWithCourse(db: Database, lessonId: string) {
  const [row] = await db
    .select({ id: lessons.id, courseId: lessons.courseId, slug: courses.slug, position: lessons.position })
    .from(lessons)
    .innerJoin(courses, eq(courses.id, lessons.courseId))
    .where(eq(lessons.id, lessonId))
    .limit(1);
  return row ?? null;
}
