'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { findLessonWithCourse, saveLessonProgress } from '@/db/queries/learning';
import { getSessionUser } from '@/lib/auth/guards';
import { getCourseAccess } from '@/lib/billing/course-access';

const progressSchema = z.object({ lessonId: z.uuid(), completed: z.enum(['true', 'false']) });

export type ProgressState = { error?: string };

/**
 * Marks a lesson complete (or not). The lesson must belong to a course the learner may open
 * right now; any other id is answered exactly like an unknown one.
 */
export async function setLessonCompleted(_prev: ProgressState, formData: FormData): Promise<ProgressState> {
  const parsed = progressSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { error: 'That lesson could not be found.' };
  const user = await getSessionUser();
  if (!user) return { error: 'Please sign in again.' };
  const db = await getDb();
  const lesson = await findLessonWithCourse(db, parsed.data.lessonId);
  if (!lesson || !(await getCourseAccess(db, user.id, lesson.courseId)).allowed) return { error: 'That lesson could not be found.' };
  await saveLessonProgress(db, { userId: user.id, lessonId: lesson.id, courseId: lesson.courseId, completed: parsed.data.completed === 'true' });
  revalidatePath(`/learn/${lesson.slug}`, 'layout');
  return {};
}
