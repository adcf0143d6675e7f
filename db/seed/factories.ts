import { randomBytes } from 'node:crypto';
import type { Database } from '../client';
import { courses, lessons, prices, users } from '../schema';

// Test data per call, never shared fixtures: every value that has a unique key gets a fresh
// suffix, so tests in one database never collide and can run in any order.

let sequence = 0;
export const uniqueSuffix = () => `${(++sequence).toString(36)}${randomBytes(4).toString('hex')}`;

type NewUser = typeof users.$inferInsert;
type NewCourse = typeof courses.$inferInsert;
type Currency = 'usd' | 'eur' | 'jpy';

export async function seedUser(db: Database, overrides: Partial<NewUser> = {}) {
  const suffix = uniqueSuffix();
  const [user] = await db
    .insert(users)
    .values({ email: `user-${suffix}@bursar.test`, name: `Test User ${suffix}`, ...overrides })
    .returning();
  if (!user) throw new Error('seedUser: insert returned no row');
  return user;
}

export type SeedCourseOptions = Partial<NewCourse> & {
  /** Number of lessons (default 4); the first is a preview. */
  lessonCount?: number;
  /** One-time price per currency in minor units; `{}` for a course without prices. */
  prices?: Partial<Record<Currency, number>>;
};

const defaultPrices: Record<Currency, number> = { usd: 4900, eur: 4500, jpy: 4800 };

/** A published course with lessons and one active one-time price per currency. */
export async function seedCourse(db: Database, options: SeedCourseOptions = {}) {
  const { lessonCount = 4, prices: amounts = defaultPrices, ...overrides } = options;
  const suffix = uniqueSuffix();
  return db.transaction(async (tx) => {
    const [course] = await tx
      .insert(courses)
      .values({
        slug: `course-${suffix}`,
        title: `Test Course ${suffix}`,
        summary: `A short summary for test course ${suffix}.`,
        description: `A longer description.\n\nWith a second paragraph for ${suffix}.`,
        level: 'beginner',
        category: 'Testing',
        status: 'published',
        ...overrides,
      })
      .returning();
    if (!course) throw new Error('seedCourse: insert returned no row');
    const lessonRows =
      lessonCount === 0
        ? []
        : await tx
            .insert(lessons)
            .values(
              Array.from({ length: lessonCount }, (_, i) => ({
                courseId: course.id,
                position: i + 1,
                title: `Lesson ${i + 1} of ${course.title}`,
                body: `What lesson ${i + 1} teaches.`,
                durationMinutes: 10 + i,
                isPreview: i === 0,
              })),
            )
            .returning();
    const entries = Object.entries(amounts) as [Currency, number][];
    const priceRows =
      entries.length === 0
        ? []
        : await tx
            .insert(prices)
            .values(
              entries.map(([currency, unitAmount]) => ({
                courseId: course.id,
                type: 'one_time' as const,
                currency,
                unitAmount,
                lookupKey: `course:${course.slug}:${currency}`,
              })),
            )
            .returning();
    return { course, lessons: lessonRows, prices: priceRows };
  });
}
