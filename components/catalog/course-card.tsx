import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { CourseCover } from './course-cover';
import { formatMoney } from '@/lib/billing/money';
import { levelLabel } from '@/lib/catalog/search-params';

export type CourseCardData = {
  slug: string;
  title: string;
  summary: string;
  level: string;
  category: string;
  imageUrl: string | null;
  instructorName?: string | null;
  lessonCount: number;
  price: { amount: number; currency: string } | null;
};

export function CourseCard({ course }: { course: CourseCardData }) {
  return (
    <li className="group relative flex flex-col rounded-xl border border-slate-200 bg-white p-5 shadow-sm transition hover:shadow-md">
      <CourseCover title={course.title} imageUrl={course.imageUrl} className="mb-4" />
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <Badge tone="brand">{course.category}</Badge>
        <Badge>{levelLabel(course.level)}</Badge>
      </div>
      <h2 className="text-lg font-semibold leading-snug">
        <Link href={`/courses/${course.slug}`} className="after:absolute after:inset-0 focus-visible:outline-none">
          {course.title}
        </Link>
      </h2>
      {course.instructorName ? (
        <p className="mt-1 text-sm text-slate-500" data-testid="course-instructor">
          by {course.instructorName}
        </p>
      ) : null}
      <p className="mt-2 flex-1 text-sm text-slate-600">{course.summary}</p>
      <div className="mt-4 flex items-center justify-between text-sm">
        <span className="text-slate-500">{course.lessonCount} lessons</span>
        <span className="font-semibold" data-testid="course-price">
          {course.price ? formatMoney(course.price) : 'Not for sale'}
        </span>
      </div>
    </li>
  );
}
