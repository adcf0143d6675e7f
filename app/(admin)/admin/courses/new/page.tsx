import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/admin/page-header';
import { getDb } from '@/db/client';
import { listAllCategories } from '@/db/queries/admin-courses';
import { requireAdmin } from '@/lib/auth/guards';
import { CourseForm } from '../course-form';

export const metadata: Metadata = { title: 'New course' };

export default async function NewCoursePage() {
  await requireAdmin('/admin/courses/new');
  const categories = await listAllCategories(await getDb());
  return (
    <div className="max-w-3xl">
      <Link href="/admin/courses" className="text-sm font-semibold text-brand-600 hover:underline">← Courses</Link>
      <PageHeader title="New course" description="It starts as a draft: add lessons and a price, preview it, then publish." />
      <CourseForm categories={categories} />
    </div>
  );
}
