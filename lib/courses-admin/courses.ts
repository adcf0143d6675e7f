import type { Database } from '@/db/client';
import {
  type CourseRow,
  type CourseValues,
  countActivePrices,
  countLessons,
  insertCourse,
  isSlugTaken,
  lockCourse,
  updateCourseRow,
} from '@/db/queries/admin-courses';
import type { CourseStatus } from '@/db/schema/enums';
import { ActionRefusal } from '@/lib/actions/refusal';
import { auditAdminChange } from '@/lib/audit/admin-change';

const SLUG_TAKEN = 'Another course already uses this slug. Choose another.';

const snapshot = (c: CourseRow) => ({ slug: c.slug, title: c.title, summary: c.summary, description: c.description, level: c.level, category: c.category, instructorName: c.instructorName, status: c.status, imageUrl: c.imageUrl });

/** Postgres' unique violation, through drizzle's wrapping. */
function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/** Creates a course as a draft, audited. A taken slug (even one taken a moment ago by another admin) is a refusal. */
export async function createCourse(db: Database, adminId: string, values: CourseValues): Promise<CourseRow> {
  if (await isSlugTaken(db, values.slug)) throw new ActionRefusal(SLUG_TAKEN);
  try {
    return await db.transaction(async (tx) => {
      const course = await insertCourse(tx, values);
      await auditAdminChange(tx, { adminId, action: 'course.create', entityType: 'course', entityId: course.id, before: null, after: snapshot(course) });
      return course;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ActionRefusal(SLUG_TAKEN);
    throw error;
  }
}

/** Edits a course's text fields; returns the row before and after (the caller expires both slugs' caches). */
export async function updateCourse(db: Database, adminId: string, id: string, values: CourseValues): Promise<{ before: CourseRow; after: CourseRow }> {
  if (await isSlugTaken(db, values.slug, id)) throw new ActionRefusal(SLUG_TAKEN);
  try {
    return await db.transaction(async (tx) => {
      const before = await lockCourse(tx, id);
      if (!before) throw new ActionRefusal('That course no longer exists.');
      const after = await updateCourseRow(tx, id, values);
      if (!after) throw new ActionRefusal('That course no longer exists.');
      await auditAdminChange(tx, { adminId, action: 'course.update', entityType: 'course', entityId: id, before: snapshot(before), after: snapshot(after) });
      return { before, after };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ActionRefusal(SLUG_TAKEN);
    throw error;
  }
}

/**
 * Moves a course between draft, published, unlisted and archived. Going on sale (published or
 * unlisted) needs at least one lesson and one active price, so a learner never meets a course
 * they cannot buy or that has nothing in it.
 */
export async function setCourseStatus(db: Database, adminId: string, id: string, status: CourseStatus): Promise<{ before: CourseRow; after: CourseRow }> {
  return db.transaction(async (tx) => {
    const before = await lockCourse(tx, id);
    if (!before) throw new ActionRefusal('That course no longer exists.');
    if (before.status === status) return { before, after: before };
    if (status === 'published' || status === 'unlisted') {
      if ((await countLessons(tx, id)) === 0) throw new ActionRefusal('Add at least one lesson before publishing.');
      if ((await countActivePrices(tx, id)) === 0) throw new ActionRefusal('Add at least one price before publishing.');
    }
    const after = await updateCourseRow(tx, id, { status });
    if (!after) throw new ActionRefusal('That course no longer exists.');
    await auditAdminChange(tx, { adminId, action: `course.${status === 'published' ? 'publish' : status === 'draft' ? 'unpublish' : status === 'unlisted' ? 'unlist' : 'archive'}`, entityType: 'course', entityId: id, before: { status: before.status }, after: { status } });
    return { before, after };
  });
}
