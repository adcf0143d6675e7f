'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { findLessonWithCourse, saveLessonProgress } from '@/db/queries/learning';
import { ActionRefusal, formSchema, hiddenFieldsOnly, userAction } from '@/lib/actions/client';
import { getCourseAccess } from '@/lib/billing/course-access';

const NOT_FOUND = 'That lesson could not be found.';
const progressInput = formSchema({ lessonId: z.uuid({ error: NOT_FOUND }), completed: z.enum(['true', 'false'], { error: NOT_FOUND }) });

/**
 * Marks a lesson complete (or not). The lesson must belong to a course the learner may open
 * right now; any other id is answered exactly like an unknown one.
 */
export const setLessonCompleted = userAction.inputSchema(progressInput, hiddenFieldsOnly).stateAction(async ({ parsedInput, ctx }) => {
  const db = await getDb();
  const lesson = await findLessonWithCourse(db, parsedInput.lessonId);
  if (!lesson || !(await getCourseAccess(db, ctx.user.id, lesson.courseId)).allowed) throw new ActionRefusal(NOT_FOUND);
  await saveLessonProgress(db, { userId: ctx.user.id, lessonId: lesson.id, courseId: lesson.courseId, completed: parsedInput.completed === 'true' });
  revalidatePath(`/learn/${lesson.slug}`, 'layout');
  return { saved: true };
});
