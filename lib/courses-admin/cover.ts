import { createHash } from 'node:crypto';
import type { Database } from '@/db/client';
import { lockCourse, updateCourseRow } from '@/db/queries/admin-courses';
import { ActionRefusal } from '@/lib/actions/refusal';
import { auditAdminChange } from '@/lib/audit/admin-change';
import { logger } from '@/lib/log';
import { getStorage } from '@/lib/storage';
import { checkCoverUpload } from '@/lib/storage/image';

const MEDIA = '/media/';

/**
 * After the row points elsewhere, the file it pointed at is removed (ours only: an old seed
 * URL is left alone). A failure here leaves an unused file behind, logged, never a broken course.
 */
async function removeReplacedFile(before: string | null, after: string | null): Promise<void> {
  if (!before || before === after || !before.startsWith(`${MEDIA}covers/`)) return;
  const key = before.slice(MEDIA.length);
  try {
    await getStorage().delete(key);
  } catch (error) {
    logger.warn({ err: error, key }, 'replaced cover file not removed');
  }
}

/**
 * Stores a course's cover image and points the course at it. The file is checked by its bytes
 * (PNG, JPEG or WebP, at most 2 MB) and stored under a content-addressed key, so the same
 * upload twice is one file and a cached old cover is never served for a new one. The file is
 * written before the row changes: a failure in between leaves an unused file, never a course
 * pointing at nothing. The file it replaces is removed once the row no longer points at it.
 */
export async function setCourseCover(db: Database, adminId: string, courseId: string, file: { bytes: Buffer; type: string }) {
  const check = checkCoverUpload(file.bytes, file.type);
  if (!check.ok) throw new ActionRefusal(check.error);
  const hash = createHash('sha256').update(file.bytes).digest('hex').slice(0, 32);
  const key = `covers/${courseId}-${hash}.${check.kind.ext}`;
  await getStorage().put(key, file.bytes, check.kind.contentType);
  const imageUrl = `${MEDIA}${key}`;
  const { before, after } = await db.transaction(async (tx) => {
    const before = await lockCourse(tx, courseId);
    if (!before) throw new ActionRefusal('That course no longer exists.');
    const after = await updateCourseRow(tx, courseId, { imageUrl });
    if (!after) throw new ActionRefusal('That course no longer exists.');
    await auditAdminChange(tx, { adminId, action: 'course.cover', entityType: 'course', entityId: courseId, before: { imageUrl: before.imageUrl }, after: { imageUrl }, extra: { bytes: file.bytes.length, contentType: check.kind.contentType } });
    return { before, after };
  });
  await removeReplacedFile(before.imageUrl, imageUrl);
  return after;
}

export async function removeCourseCover(db: Database, adminId: string, courseId: string) {
  const { before, after } = await db.transaction(async (tx) => {
    const before = await lockCourse(tx, courseId);
    if (!before) throw new ActionRefusal('That course no longer exists.');
    const after = await updateCourseRow(tx, courseId, { imageUrl: null });
    if (!after) throw new ActionRefusal('That course no longer exists.');
    await auditAdminChange(tx, { adminId, action: 'course.cover_remove', entityType: 'course', entityId: courseId, before: { imageUrl: before.imageUrl }, after: { imageUrl: null } });
    return { before, after };
  });
  await removeReplacedFile(before.imageUrl, null);
  return after;
}
