'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { adminAction, formSchema, hiddenFieldsOnly } from '@/lib/actions/client';
import { expireCatalogFromAdmin } from '@/lib/catalog/expire';
import { createCourse, setCourseStatus, updateCourse } from '@/lib/courses-admin/courses';
import { removeCourseCover, setCourseCover } from '@/lib/courses-admin/cover';
import { addLesson, deleteLesson, reorderLessons, updateLesson } from '@/lib/courses-admin/lessons';
import { courseInput, courseStatusInput, lessonInput } from '@/lib/courses-admin/schema';
import { MAX_COVER_BYTES } from '@/lib/storage/image';

const id = z.uuid('This page is out of date. Reload it and try again.');

export const createCourseAction = adminAction.inputSchema(formSchema(courseInput)).stateAction(async ({ parsedInput, ctx }) => {
  const course = await createCourse(await getDb(), ctx.admin.id, parsedInput);
  // A draft: nothing public changes, but the admin list does.
  expireCatalogFromAdmin();
  redirect(`/admin/courses/${course.id}?created=1`);
});

export const updateCourseAction = adminAction.inputSchema(formSchema({ courseId: id, ...courseInput })).stateAction(async ({ parsedInput, ctx }) => {
  const { courseId, ...values } = parsedInput;
  const { before, after } = await updateCourse(await getDb(), ctx.admin.id, courseId, values);
  expireCatalogFromAdmin();
  return { saved: true, slug: after.slug, previousSlug: before.slug };
});

export const setCourseStatusAction = adminAction
  .inputSchema(formSchema({ courseId: id, status: courseStatusInput }), hiddenFieldsOnly)
  .stateAction(async ({ parsedInput, ctx }) => {
    const { after } = await setCourseStatus(await getDb(), ctx.admin.id, parsedInput.courseId, parsedInput.status);
    expireCatalogFromAdmin();
    return { status: after.status };
  });

export const addLessonAction = adminAction.inputSchema(formSchema({ courseId: id, ...lessonInput })).stateAction(async ({ parsedInput, ctx }) => {
  const { courseId, ...values } = parsedInput;
  await addLesson(await getDb(), ctx.admin.id, courseId, values);
  expireCatalogFromAdmin();
  redirect(`/admin/courses/${courseId}#lessons`);
});

export const updateLessonAction = adminAction.inputSchema(formSchema({ courseId: id, lessonId: id, ...lessonInput })).stateAction(async ({ parsedInput, ctx }) => {
  const { courseId, lessonId, ...values } = parsedInput;
  await updateLesson(await getDb(), ctx.admin.id, courseId, lessonId, values);
  expireCatalogFromAdmin();
  return { saved: true };
});

export const deleteLessonAction = adminAction.inputSchema(formSchema({ courseId: id, lessonId: id }), hiddenFieldsOnly).stateAction(async ({ parsedInput, ctx }) => {
  await deleteLesson(await getDb(), ctx.admin.id, parsedInput.courseId, parsedInput.lessonId);
  expireCatalogFromAdmin();
  redirect(`/admin/courses/${parsedInput.courseId}#lessons`);
});

const order = z
  .string()
  .max(20_000)
  .transform((value) => value.split(',').filter(Boolean))
  .pipe(z.array(z.uuid()).min(1, 'There are no lessons to order.').max(500));

export const reorderLessonsAction = adminAction.inputSchema(formSchema({ courseId: id, order }), hiddenFieldsOnly).stateAction(async ({ parsedInput, ctx }) => {
  const { changed } = await reorderLessons(await getDb(), ctx.admin.id, parsedInput.courseId, parsedInput.order);
  if (changed) expireCatalogFromAdmin();
  return { saved: true };
});

// The cover form posts a file: FormData's file entry is kept (formSchema keeps text fields only).
const coverInput = z.preprocess(
  (input) => (input instanceof FormData ? { courseId: input.get('courseId'), cover: input.get('cover') } : input),
  z.object({
    courseId: id,
    cover: z.instanceof(File, { error: 'Choose an image file.' }).refine((f) => f.size > 0, 'Choose an image file.').refine((f) => f.size <= MAX_COVER_BYTES, 'The image is larger than 2 MB.'),
  }),
);

export const uploadCoverAction = adminAction.inputSchema(coverInput).stateAction(async ({ parsedInput, ctx }) => {
  const { cover, courseId } = parsedInput;
  await setCourseCover(await getDb(), ctx.admin.id, courseId, { bytes: Buffer.from(await cover.arrayBuffer()), type: cover.type });
  expireCatalogFromAdmin();
  return { saved: true };
});

export const removeCoverAction = adminAction.inputSchema(formSchema({ courseId: id }), hiddenFieldsOnly).stateAction(async ({ parsedInput, ctx }) => {
  await removeCourseCover(await getDb(), ctx.admin.id, parsedInput.courseId);
  expireCatalogFromAdmin();
  return { saved: true };
});
