import { describe, expect, it } from 'vitest';
import { seedCourse, seedUser } from '@/db/seed/factories';
import { setupTestDb } from '@/tests/support/test-db';
import { grantEnrollment } from '@/db/queries/enrollments';
import { countCompletedLessonsByCourse, listCompletedLessonIds, listEnrolledCourses, saveLessonProgress } from './learning';

const getDb = setupTestDb();

describe('lesson progress', () => {
  it('is saved per learner and lesson, idempotently, and can be undone', async () => {
    const { db } = getDb();
    const { course, lessons } = await seedCourse(db, { lessonCount: 3 });
    const [learner, other] = [await seedUser(db), await seedUser(db)];
    const [first, second] = lessons;
    if (!first || !second) throw new Error('seedCourse made too few lessons');

    await saveLessonProgress(db, { userId: learner.id, lessonId: first.id, courseId: course.id, completed: true });
    await saveLessonProgress(db, { userId: learner.id, lessonId: first.id, courseId: course.id, completed: true });
    await saveLessonProgress(db, { userId: learner.id, lessonId: second.id, courseId: course.id, completed: true });
    expect([...(await listCompletedLessonIds(db, learner.id, course.id))].sort()).toEqual([first.id, second.id].sort());
    expect((await countCompletedLessonsByCourse(db, learner.id)).get(course.id)).toBe(2);
    expect((await listCompletedLessonIds(db, other.id, course.id)).size).toBe(0);

    await saveLessonProgress(db, { userId: learner.id, lessonId: second.id, courseId: course.id, completed: false });
    expect([...(await listCompletedLessonIds(db, learner.id, course.id))]).toEqual([first.id]);
  });

  it('lists only active enrollments with their lesson counts', async () => {
    const { db } = getDb();
    const { course } = await seedCourse(db, { lessonCount: 5 });
    const learner = await seedUser(db);
    expect(await listEnrolledCourses(db, learner.id)).toEqual([]);
    await grantEnrollment(db, { userId: learner.id, courseId: course.id, source: 'grant', grantReason: 'test' });
    const listed = await listEnrolledCourses(db, learner.id);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ slug: course.slug, lessonCount: 5, source: 'grant' });
  });
});
