import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/admin/page-header';
import { getDb } from '@/db/client';
import { findCourseRow } from '@/db/queries/admin-courses';
import { requireAdmin } from '@/lib/auth/guards';
import { LessonForm } from '../lesson-form';

export const metadata: Metadata = { title: 'Add lesson' };

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

export default async function NewLessonPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAdmin(`/admin/courses/${id}/lessons/new`);
  const course = isUuid(id) ? await findCourseRow(await getDb(), id) : null;
  if (!course) notFound();
  return (
    <div>
      <Link href={`/admin/courses/${course.id}#lessons`} className="text-sm font-semibold text-brand-600 hover:underline">← {course.title}</Link>
      <PageHeader title="Add lesson" description="It goes at the end; reorder on the course page." />
      <LessonForm courseId={course.id} />
    </div>
  );
}
