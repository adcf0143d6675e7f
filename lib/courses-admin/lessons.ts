import type { Database } from '@/db/client';
import {
  appendLesson,
  deleteLessonRow,
  findLesson,
  type LessonRow,
  type LessonValues,
  listLessonIds,
  lockCourse,
  updateLessonRow,
  writeLessonOrder,
} from '@/db/queries/admin-courses';
import { ActionRefusal } from '@/lib/actions/refusal';
import { auditAdminChange } from '@/lib/audit/admin-change';

const GONE = 'That course no longer exists.';
const LESSON_GONE = 'That lesson no longer exists; reload the page.';

// The body can be long: the audit row keeps its length and a hash-free preview, not the whole text twice.
const snapshot = (l: LessonRow) => ({ title: l.title, durationMinutes: l.durationMinutes, isPreview: l.isPreview, position: l.position, body: l.body.length > 500 ? `${l.body.slice(0, 500)}… (${l.body.length} characters)` : l.body });

export async function addLesson(db: Database, adminId: string, courseId: string, values: LessonValues) {
  return db.transaction(async (tx) => {
    const course = await lockCourse(tx, courseId);
    if (!course) throw new ActionRefusal(GONE);
    const lesson = await appendLesson(tx, courseId, values);
    await auditAdminChange(tx, { adminId, action: 'lesson.create', entityType: 'lesson', entityId: lesson.id, before: null, after: snapshot(lesson), extra: { courseId } });
    return { course, lesson };
  });
}

export async function updateLesson(db: Database, adminId: string, courseId: string, lessonId: string, values: LessonValues) {
  return db.transaction(async (tx) => {
    const course = await lockCourse(tx, courseId);
    if (!course) throw new ActionRefusal(GONE);
    const before = await findLesson(tx, courseId, lessonId);
    if (!before) throw new ActionRefusal(LESSON_GONE);
    const after = await updateLessonRow(tx, courseId, lessonId, values);
    if (!after) throw new ActionRefusal(LESSON_GONE);
    await auditAdminChange(tx, { adminId, action: 'lesson.update', entityType: 'lesson', entityId: lessonId, before: snapshot(before), after: snapshot(after), extra: { courseId } });
    return { course, lesson: after };
  });
}

export async function deleteLesson(db: Database, adminId: string, courseId: string, lessonId: string) {
  return db.transaction(async (tx) => {
    const course = await lockCourse(tx, courseId);
    if (!course) throw new ActionRefusal(GONE);
    const removed = await deleteLessonRow(tx, courseId, lessonId);
    if (!removed) throw new ActionRefusal(LESSON_GONE);
    await auditAdminChange(tx, { adminId, action: 'lesson.delete', entityType: 'lesson', entityId: lessonId, before: snapshot(removed), after: null, extra: { courseId } });
    return { course };
  });
}

/**
 * Saves a new lesson order. The order must name every lesson of the course exactly once: an
 * order computed from a stale page (a lesson added or removed meanwhile) is refused, not guessed at.
 */
export async function reorderLessons(db: Database, adminId: string, courseId: string, orderedIds: string[]) {
  return db.transaction(async (tx) => {
    const course = await lockCourse(tx, courseId);
    if (!course) throw new ActionRefusal(GONE);
    const current = await listLessonIds(tx, courseId);
    const same = orderedIds.length === current.length && new Set(orderedIds).size === orderedIds.length && orderedIds.every((id) => current.includes(id));
    if (!same) throw new ActionRefusal('The lessons changed since this page loaded; reload it and try again.');
    if (orderedIds.every((id, i) => current[i] === id)) return { course, changed: false };
    await writeLessonOrder(tx, courseId, orderedIds);
    await auditAdminChange(tx, { adminId, action: 'lesson.reorder', entityType: 'course', entityId: courseId, before: { order: current }, after: { order: orderedIds } });
    return { course, changed: true };
  });
}
