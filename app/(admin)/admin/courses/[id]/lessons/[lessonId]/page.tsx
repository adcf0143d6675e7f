import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/admin/page-header';
import { getDb } from '@/db/client';
import { findCourseRow, findLesson } from '@/db/queries/admin-courses';
import { requireAdmin } from '@/lib/auth/guards';
import { LessonForm } from '../lesson-form';
import { DeleteLessonForm } from './delete-lesson-form';

export const metadata: Metadata = { title: 'Edit lesson' };

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

export default async function EditLessonPage({ params }: { params: Promise<{ id: string; lessonId: string }> }) {
  const { id, lessonId } = await params;
  await requireAdmin(`/admin/courses/${id}/lessons/${lessonId}`);
  const db = await getDb();
  const course = isUuid(id) ? await findCourseRow(db, id) : null;
  const lesson = course && isUuid(lessonId) ? await findLesson(db, course.id, lessonId) : null;
  if (!course || !lesson) notFound();
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/admin/courses/${course.id}#lessons`} className="text-sm font-semibold text-brand-600 hover:underline">← {course.title}</Link>
        <PageHeader title={`Lesson ${lesson.position}: ${lesson.title}`} />
        <LessonForm courseId={course.id} lessonId={lesson.id} values={lesson} />
      </div>
      <DeleteLessonForm courseId={course.id} lessonId={lesson.id} />
    </div>
  );
}
