import Link from 'next/link';
import { CatalogFilters } from '@/components/catalog/catalog-filters';
import { CourseCard } from '@/components/catalog/course-card';
import { CurrencySwitcher } from '@/components/catalog/currency-switcher';
import { EmptyState } from '@/components/ui/empty-state';
import { getCatalogCourses, getCategories } from '@/lib/catalog/cached';
import { resolveStoreCurrency } from '@/lib/catalog/currency';
import { parseCatalogFilters } from '@/lib/catalog/search-params';

function catalogPath(filters: { q?: string; category?: string; level?: string }): string {
  const query = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return query.size ? `/?${query}` : '/';
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function CatalogPage({ searchParams }: Props) {
  const params = await searchParams;
  const filters = parseCatalogFilters(params);
  const currency = await resolveStoreCurrency(params.currency);
  const [courses, categories] = await Promise.all([getCatalogCourses({ ...filters, currency }), getCategories()]);
  const filtered = Boolean(filters.q || filters.category || filters.level);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold tracking-tight">Courses</h1>
          <p className="mt-1 text-slate-600">
            Buy a course once and keep it, or get every course with{' '}
            <Link href="/pricing" className="font-medium text-brand-600 underline-offset-2 hover:underline">
              All-Access
            </Link>
            .
          </p>
        </div>
        <CurrencySwitcher current={currency} returnTo={catalogPath(filters)} />
      </div>
      {params.account === 'deleted' ? (
        <p role="status" className="rounded-lg border border-slate-200 bg-white p-3 text-sm text-slate-700">
          Your account was deleted and you are signed out. Thank you for learning with us.
        </p>
      ) : null}
      <CatalogFilters {...filters} categories={categories.map((entry) => entry.category)} />
      <p className="text-sm text-slate-600" aria-live="polite" data-testid="result-count">
        {courses.length === 1 ? '1 course' : `${courses.length} courses`}
        {filtered ? ' match your filters' : ''}
      </p>
      {courses.length === 0 ? (
        <EmptyState title="No courses match">
          Try another search or{' '}
          <Link href="/" className="font-medium text-brand-600 hover:underline">
            clear the filters
          </Link>
          .
        </EmptyState>
      ) : (
        <ul className="grid gap-5 sm:grid-cols-2 lg:grid-cols-3" aria-label="Course catalog">
          {courses.map((course) => (
            <CourseCard key={course.slug} course={course} />
          ))}
        </ul>
      )}
    </div>
  );
}
