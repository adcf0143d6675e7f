import { z } from 'zod';

const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
export type CourseLevel = (typeof LEVELS)[number];

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/**
 * Catalog filters from the URL. Anything malformed (arrays, absurd lengths, unknown levels)
 * is dropped rather than trusted or turned into an error page.
 */
export function parseCatalogFilters(params: Record<string, string | string[] | undefined>) {
  const q = z.string().trim().max(100).safeParse(first(params.q));
  const category = z.string().trim().min(1).max(60).safeParse(first(params.category));
  const level = z.enum(LEVELS).safeParse(first(params.level));
  return {
    q: q.success && q.data ? q.data : undefined,
    category: category.success ? category.data : undefined,
    level: level.success ? level.data : undefined,
  };
}

export const courseLevels = LEVELS;

export function levelLabel(level: string): string {
  return level.charAt(0).toUpperCase() + level.slice(1);
}
