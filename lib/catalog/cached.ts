import 'server-only';
import { unstable_cache } from 'next/cache';
import { getDb } from '@/db/client';
import { type CatalogCourse, findCourseBySlug, listCatalogCourses, listCategories, listPlanPrices } from '@/db/queries/catalog';
import type { StoreCurrency } from './currency';
import { CATALOG_TAG, courseTag, PRICING_TAG } from './cache-tags';

/**
 * The storefront's catalog reads, served from Next's data cache and tagged `catalog`: a launch
 * crowd on the catalog, a course page or /pricing costs no database query. Writers invalidate
 * with `invalidateCatalog()` (lib/catalog/cache-tags.ts); `revalidate` is only the safety net for
 * a write made where no request context can reach this cache (another process).
 *
 * Cached values are JSON: these functions return plain data (no Date objects).
 */
const CACHE = { tags: [CATALOG_TAG], revalidate: 300 };

type CatalogFilters = { q?: string; category?: string; level?: string; currency: StoreCurrency };

const cachedCatalogCourses = unstable_cache(
  async (params: Omit<CatalogFilters, 'q'>): Promise<CatalogCourse[]> => listCatalogCourses(await getDb(), params),
  ['storefront-catalog-courses'],
  CACHE,
);

/** Published courses; free-text searches go to the database (one cache entry per search would grow without bound). */
export async function getCatalogCourses(params: CatalogFilters): Promise<CatalogCourse[]> {
  if (params.q?.trim()) return listCatalogCourses(await getDb(), params);
  return cachedCatalogCourses({ category: params.category || undefined, level: params.level || undefined, currency: params.currency });
}

export const getCategories = unstable_cache(async () => listCategories(await getDb()), ['storefront-categories'], CACHE);

export type CoursePageData = {
  id: string;
  slug: string;
  title: string;
  summary: string;
  description: string;
  level: CatalogCourse['level'];
  category: string;
  status: string;
  imageUrl: string | null;
  instructorName: string | null;
  lessons: { id: string; position: number; title: string; isPreview: boolean; durationMinutes: number | null }[];
  prices: { type: string; currency: string; unitAmount: number }[];
};

const loadCoursePage = async (slug: string): Promise<CoursePageData | null> => {
  const course = await findCourseBySlug(await getDb(), slug);
  if (!course) return null;
  return {
    id: course.id,
    slug: course.slug,
    title: course.title,
    summary: course.summary,
    description: course.description,
    level: course.level,
    category: course.category,
    status: course.status,
    imageUrl: course.imageUrl,
    instructorName: course.instructorName,
    lessons: course.lessons.map(({ id, position, title, isPreview, durationMinutes }) => ({ id, position, title, isPreview, durationMinutes })),
    prices: course.prices.map(({ type, currency, unitAmount }) => ({ type, currency, unitAmount })),
  };
};

/** A published or unlisted course with its curriculum (no lesson bodies) and active prices. */
export async function getCoursePage(slug: string): Promise<CoursePageData | null> {
  // Slugs are short kebab-case; anything else cannot exist, so skip the cache and the query.
  if (!/^[a-z0-9-]{1,120}$/.test(slug)) return null;
  // Tagged with the catalog and with this course, so either expiry reaches it.
  return unstable_cache(loadCoursePage, ['storefront-course-page'], { ...CACHE, tags: [CATALOG_TAG, courseTag(slug)] })(slug);
}

export type PlanPricesData = {
  name: string;
  description: string | null;
  prices: { interval: string | null; currency: string; unitAmount: number }[];
};

export const getPlanPrices = unstable_cache(
  async (planSlug: string): Promise<PlanPricesData | null> => {
    const plan = await listPlanPrices(await getDb(), planSlug);
    if (!plan) return null;
    return {
      name: plan.name,
      description: plan.description,
      prices: plan.prices.map(({ interval, currency, unitAmount }) => ({ interval, currency, unitAmount })),
    };
  },
  ['storefront-plan-prices'],
  { ...CACHE, tags: [CATALOG_TAG, PRICING_TAG] },
);
