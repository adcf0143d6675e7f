import { and, asc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { type CourseLevel, courseLevels, courses, lessons, plans, prices } from '../schema';

export type CatalogCurrency = 'usd' | 'eur' | 'jpy';
export type Money = { amount: number; currency: string };

export type CatalogCourse = {
  id: string;
  slug: string;
  title: string;
  summary: string;
  level: CourseLevel;
  category: string;
  imageUrl: string | null;
  instructorName: string | null;
  lessonCount: number;
  totalMinutes: number;
  /** The active one-time price in the requested currency; null if the course has none. */
  price: (Money & { priceId: string }) | null;
};

const isLevel = (value: string | undefined): value is CourseLevel =>
  (courseLevels as readonly (string | undefined)[]).includes(value);

/** Escapes LIKE wildcards so a search for "100%" means the literal text. */
const likeContains = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Published courses for the catalog, by title. Filters that do not parse (an unknown level,
 * blank search) are ignored rather than returning nothing, so a mangled URL still shows a catalog.
 */
export async function listCatalogCourses(
  db: Database,
  params: { q?: string; category?: string; level?: string; currency: CatalogCurrency },
): Promise<CatalogCourse[]> {
  const q = params.q?.trim();
  const filters = [
    eq(courses.status, 'published'),
    q ? or(ilike(courses.title, likeContains(q)), ilike(courses.summary, likeContains(q)), ilike(courses.instructorName, likeContains(q))) : undefined,
    params.category ? eq(courses.category, params.category) : undefined,
    isLevel(params.level) ? eq(courses.level, params.level) : undefined,
  ];
  const rows = await db
    .select({
      id: courses.id,
      slug: courses.slug,
      title: courses.title,
      summary: courses.summary,
      level: courses.level,
      category: courses.category,
      imageUrl: courses.imageUrl,
      instructorName: courses.instructorName,
      lessonCount: sql<number>`(select count(*) from ${lessons} where ${lessons.courseId} = ${courses.id})::int`,
      totalMinutes: sql<number>`(select coalesce(sum(${lessons.durationMinutes}), 0) from ${lessons} where ${lessons.courseId} = ${courses.id})::int`,
      priceId: prices.id,
      amount: prices.unitAmount,
      currency: prices.currency,
    })
    .from(courses)
    // At most one row joins: prices_course_active_uq allows one active price per currency.
    .leftJoin(
      prices,
      and(
        eq(prices.courseId, courses.id),
        eq(prices.active, true),
        eq(prices.type, 'one_time'),
        eq(prices.currency, params.currency),
      ),
    )
    .where(and(...filters))
    .orderBy(asc(courses.title), asc(courses.id));
  return rows.map(({ priceId, amount, currency, ...course }) => ({
    ...course,
    lessonCount: Number(course.lessonCount),
    totalMinutes: Number(course.totalMinutes),
    price: priceId !== null && amount !== null && currency !== null ? { priceId, amount, currency } : null,
  }));
}

/** Categories that have at least one published course, by name. */
export async function listCategories(db: Database): Promise<{ category: string; courseCount: number }[]> {
  const rows = await db
    .select({ category: courses.category, courseCount: sql<number>`count(*)::int` })
    .from(courses)
    .where(eq(courses.status, 'published'))
    .groupBy(courses.category)
    .orderBy(asc(courses.category));
  return rows.map((r) => ({ ...r, courseCount: Number(r.courseCount) }));
}

/**
 * A course page: published or unlisted (reachable by link), never draft. Lessons come without
 * their bodies: the curriculum is public, the content is not — the lesson player loads a body
 * after checking access.
 */
export async function findCourseBySlug(db: Database, slug: string) {
  const course = await db.query.courses.findFirst({
    where: and(eq(courses.slug, slug), inArray(courses.status, ['published', 'unlisted'])),
    with: {
      lessons: {
        columns: { body: false },
        orderBy: asc(lessons.position),
      },
      prices: {
        where: eq(prices.active, true),
        orderBy: [asc(prices.currency), asc(prices.type)],
      },
    },
  });
  return course ?? null;
}
export type CourseDetail = NonNullable<Awaited<ReturnType<typeof findCourseBySlug>>>;

/** A plan and its active recurring prices (month before year, then by currency). */
export async function listPlanPrices(db: Database, planSlug: string) {
  const plan = await db.query.plans.findFirst({
    where: eq(plans.slug, planSlug),
    with: {
      prices: {
        where: and(eq(prices.active, true), eq(prices.type, 'recurring')),
        orderBy: [asc(prices.interval), asc(prices.currency)],
      },
    },
  });
  return plan ?? null;
}
export type PlanWithPrices = NonNullable<Awaited<ReturnType<typeof listPlanPrices>>>;

export async function findCourseSummary(db: Database, courseId: string): Promise<{ title: string; slug: string } | null> {
  const [row] = await db.select({ title: courses.title, slug: courses.slug }).from(courses).where(eq(courses.id, courseId));
  return row ?? null;
}

export async function findPlanName(db: Database, planId: string): Promise<string | null> {
  const [row] = await db.select({ name: plans.name }).from(plans).where(eq(plans.id, planId));
  return row?.name ?? null;
}

export type PriceRow = typeof prices.$inferSelect;

export async function findPriceByStripeId(db: Database, stripePriceId: string): Promise<PriceRow | null> {
  const [row] = await db.select().from(prices).where(eq(prices.stripePriceId, stripePriceId));
  return row ?? null;
}

export async function findPriceById(db: Database, id: string): Promise<PriceRow | null> {
  const [row] = await db.select().from(prices).where(eq(prices.id, id));
  return row ?? null;
}

/** The active price of a course in a currency, with the course (null when either is missing). */
export async function findCourseForSale(db: Database, slug: string, currency: string) {
  const [row] = await db
    .select({ course: courses, price: prices })
    .from(courses)
    .leftJoin(prices, and(eq(prices.courseId, courses.id), eq(prices.currency, currency), eq(prices.type, 'one_time'), eq(prices.active, true)))
    .where(eq(courses.slug, slug))
    .limit(1);
  return row ?? null;
}

/** The active price of a plan at an interval in a currency, with the plan. */
export async function findPlanForSale(db: Database, slug: string, interval: 'month' | 'year', currency: string) {
  const [row] = await db
    .select({ plan: plans, price: prices })
    .from(plans)
    .leftJoin(prices, and(eq(prices.planId, plans.id), eq(prices.currency, currency), eq(prices.interval, interval), eq(prices.active, true)))
    .where(eq(plans.slug, slug))
    .limit(1);
  return row ?? null;
}

/** The same plan and currency at another interval (monthly ↔ yearly switches). */
export async function findPlanPriceAtInterval(db: Database, params: { planId: string; currency: string; interval: 'month' | 'year' }) {
  const [row] = await db
    .select({ price: prices, plan: plans })
    .from(prices)
    .innerJoin(plans, eq(plans.id, prices.planId))
    .where(and(eq(prices.planId, params.planId), eq(prices.currency, params.currency), eq(prices.interval, params.interval), eq(prices.active, true)))
    .limit(1);
  return row ?? null;
}

export async function setStripePriceId(db: Database, priceId: string, stripePriceId: string): Promise<void> {
  await db.update(prices).set({ stripePriceId }).where(eq(prices.id, priceId));
}

export async function setStripeProductId(db: Database, owner: { kind: 'course' | 'plan'; id: string }, stripeProductId: string): Promise<void> {
  if (owner.kind === 'course') await db.update(courses).set({ stripeProductId }).where(eq(courses.id, owner.id));
  else await db.update(plans).set({ stripeProductId }).where(eq(plans.id, owner.id));
}
