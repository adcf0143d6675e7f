import { and, asc, desc, eq, inArray, max, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { courses, lessons, prices } from '../schema';
import type { CourseLevel, CourseStatus } from '../schema/enums';

export type CourseRow = typeof courses.$inferSelect;
export type LessonRow = typeof lessons.$inferSelect;
export type CourseValues = { slug: string; title: string; summary: string; description: string; level: CourseLevel; category: string; instructorName: string | null };
export type LessonValues = { title: string; body: string; durationMinutes: number; isPreview: boolean };

export type AdminCourseListRow = Pick<CourseRow, 'id' | 'slug' | 'title' | 'status' | 'category' | 'level' | 'imageUrl' | 'updatedAt'> & {
  lessonCount: number;
  activePrices: { currency: string; unitAmount: number }[];
};

/** Every course, any status, drafts first then by title (a catalog is tens of courses, not millions). */
export async function listCoursesForAdmin(db: Database, filter: { status?: CourseStatus } = {}): Promise<AdminCourseListRow[]> {
  const rows = await db
    .select({
      id: courses.id,
      slug: courses.slug,
      title: courses.title,
      status: courses.status,
      category: courses.category,
      level: courses.level,
      imageUrl: courses.imageUrl,
      updatedAt: courses.updatedAt,
      lessonCount: sql<number>`(select count(*)::int from ${lessons} where ${lessons.courseId} = ${courses.id})`,
    })
    .from(courses)
    .where(filter.status ? eq(courses.status, filter.status) : undefined)
    .orderBy(sql`case ${courses.status} when 'draft' then 0 when 'published' then 1 when 'unlisted' then 2 else 3 end`, asc(courses.title));
  const ids = rows.map((r) => r.id);
  const priceRows = ids.length
    ? await db
        .select({ courseId: prices.courseId, currency: prices.currency, unitAmount: prices.unitAmount })
        .from(prices)
        .where(and(inArray(prices.courseId, ids), eq(prices.active, true)))
        .orderBy(asc(prices.currency))
    : [];
  return rows.map((row) => ({
    ...row,
    lessonCount: Number(row.lessonCount),
    activePrices: priceRows.filter((p) => p.courseId === row.id).map(({ currency, unitAmount }) => ({ currency, unitAmount })),
  }));
}

/** A course with its lessons (bodies included) and every price it ever had, newest first. */
export async function findCourseForAdmin(db: Database, id: string) {
  const course = await db.query.courses.findFirst({
    where: eq(courses.id, id),
    with: {
      lessons: { orderBy: asc(lessons.position) },
      prices: { orderBy: [desc(prices.active), asc(prices.currency), desc(prices.createdAt)] },
    },
  });
  return course ?? null;
}
export type AdminCourse = NonNullable<Awaited<ReturnType<typeof findCourseForAdmin>>>;

export async function findCourseRow(db: Database, id: string): Promise<CourseRow | null> {
  const [row] = await db.select().from(courses).where(eq(courses.id, id));
  return row ?? null;
}

export async function isSlugTaken(db: Database, slug: string, exceptId?: string): Promise<boolean> {
  const [row] = await db.select({ id: courses.id }).from(courses).where(eq(courses.slug, slug));
  return Boolean(row && row.id !== exceptId);
}

/** A new course, always as a draft: nobody sees it until it is published. */
export async function insertCourse(db: Database, values: CourseValues): Promise<CourseRow> {
  const [row] = await db.insert(courses).values({ ...values, status: 'draft' }).returning();
  if (!row) throw new Error('insertCourse returned no row');
  return row;
}

export async function updateCourseRow(db: Database, id: string, values: Partial<CourseValues & { status: CourseStatus; imageUrl: string | null }>): Promise<CourseRow | null> {
  const [row] = await db.update(courses).set(values).where(eq(courses.id, id)).returning();
  return row ?? null;
}

/** Locks the course row for the rest of the transaction (lesson positions, status changes). */
export async function lockCourse(db: Database, id: string): Promise<CourseRow | null> {
  const [row] = await db.select().from(courses).where(eq(courses.id, id)).for('update');
  return row ?? null;
}

export async function countLessons(db: Database, courseId: string): Promise<number> {
  return db.$count(lessons, eq(lessons.courseId, courseId));
}

export async function countActivePrices(db: Database, courseId: string): Promise<number> {
  return db.$count(prices, and(eq(prices.courseId, courseId), eq(prices.active, true)));
}

/** Appends a lesson at the end. Call with the course locked (lockCourse) so two adds never race for a position. */
export async function appendLesson(db: Database, courseId: string, values: LessonValues): Promise<LessonRow> {
  const [last] = await db.select({ position: max(lessons.position) }).from(lessons).where(eq(lessons.courseId, courseId));
  const [row] = await db
    .insert(lessons)
    .values({ courseId, position: (last?.position ?? 0) + 1, ...values })
    .returning();
  if (!row) throw new Error('appendLesson returned no row');
  return row;
}

export async function findLesson(db: Database, courseId: string, lessonId: string): Promise<LessonRow | null> {
  const [row] = await db.select().from(lessons).where(and(eq(lessons.id, lessonId), eq(lessons.courseId, courseId)));
  return row ?? null;
}

export async function updateLessonRow(db: Database, courseId: string, lessonId: string, values: LessonValues): Promise<LessonRow | null> {
  const [row] = await db.update(lessons).set(values).where(and(eq(lessons.id, lessonId), eq(lessons.courseId, courseId))).returning();
  return row ?? null;
}

export async function listLessonIds(db: Database, courseId: string): Promise<string[]> {
  const rows = await db.select({ id: lessons.id }).from(lessons).where(eq(lessons.courseId, courseId)).orderBy(asc(lessons.position));
  return rows.map((r) => r.id);
}

/**
 * Puts a course's lessons in this order (every lesson exactly once; the caller checks). The
 * unique (course, position) key is not deferrable, so positions move through a temporary
 * offset first, all in the caller's transaction.
 */
export async function writeLessonOrder(db: Database, courseId: string, orderedIds: string[]): Promise<void> {
  await db.update(lessons).set({ position: sql`${lessons.position} + 100000` }).where(eq(lessons.courseId, courseId));
  for (const [index, id] of orderedIds.entries()) {
    await db.update(lessons).set({ position: index + 1 }).where(and(eq(lessons.id, id), eq(lessons.courseId, courseId)));
  }
}

/** Deletes a lesson and closes the gap it leaves. */
export async function deleteLessonRow(db: Database, courseId: string, lessonId: string): Promise<LessonRow | null> {
  const [row] = await db.delete(lessons).where(and(eq(lessons.id, lessonId), eq(lessons.courseId, courseId))).returning();
  if (!row) return null;
  const rest = await listLessonIds(db, courseId);
  await writeLessonOrder(db, courseId, rest);
  return row;
}

/** Every category in use, for the course form's suggestions. */
export async function listAllCategories(db: Database): Promise<string[]> {
  const rows = await db.selectDistinct({ category: courses.category }).from(courses).orderBy(asc(courses.category));
  return rows.map((r) => r.category);
}
