import { sql } from 'drizzle-orm';
import type { Database } from '../client';
import { courses, lessons, plans, prices, users } from '../schema';
import { demoCourses } from './courses';
import { ALL_ACCESS, DEMO_USERS, PRICE_TIERS, SEED_CURRENCIES, type SeedCourse } from './types';
import { changedOnly } from './upsert';

// The demo catalog. Idempotent: courses, lessons and plans upsert by natural key and only
// write when a value differs; prices are immutable (as in Stripe), so an existing lookup key
// is left alone.

async function upsertCourse(db: Database, course: SeedCourse) {
  const [row] = await db
    .insert(courses)
    .values({
      slug: course.slug,
      title: course.title,
      summary: course.summary,
      description: course.description,
      level: course.level,
      category: course.category,
      instructorName: course.instructor,
      status: course.status ?? 'published',
    })
    .onConflictDoUpdate({
      target: courses.slug,
      ...changedOnly({
        title: courses.title,
        summary: courses.summary,
        description: courses.description,
        level: courses.level,
        category: courses.category,
        instructorName: courses.instructorName,
        status: courses.status,
      }),
    })
    .returning({ id: courses.id });
  // DO UPDATE … WHERE returns nothing when the row was unchanged: look it up.
  return row ?? (await db.query.courses.findFirst({ where: (c, { eq }) => eq(c.slug, course.slug) }));
}

async function seedCourse(db: Database, course: SeedCourse) {
  const row = await upsertCourse(db, course);
  if (!row) throw new Error(`seed: course ${course.slug} vanished`);
  const previewCount = course.lessons.some((l) => l.preview) ? 0 : 1;
  await db
    .insert(lessons)
    .values(
      course.lessons.map((lesson, index) => ({
        courseId: row.id,
        position: index + 1,
        title: lesson.title,
        body: lesson.body,
        durationMinutes: lesson.minutes,
        isPreview: lesson.preview ?? index < previewCount,
      })),
    )
    .onConflictDoUpdate({
      target: [lessons.courseId, lessons.position],
      ...changedOnly({
        title: lessons.title,
        body: lessons.body,
        durationMinutes: lessons.durationMinutes,
        isPreview: lessons.isPreview,
      }),
    });
  const amounts = PRICE_TIERS[course.tier];
  await db
    .insert(prices)
    .values(
      SEED_CURRENCIES.map((currency) => ({
        courseId: row.id,
        type: 'one_time' as const,
        currency,
        unitAmount: amounts[currency],
        lookupKey: `course:${course.slug}:${currency}`,
      })),
    )
    .onConflictDoNothing({ target: prices.lookupKey });
}

async function seedAllAccess(db: Database) {
  await db
    .insert(plans)
    .values({ slug: ALL_ACCESS.slug, name: ALL_ACCESS.name, description: ALL_ACCESS.description })
    .onConflictDoUpdate({
      target: plans.slug,
      ...changedOnly({ name: plans.name, description: plans.description }),
    });
  const plan = await db.query.plans.findFirst({ where: (p, { eq }) => eq(p.slug, ALL_ACCESS.slug) });
  if (!plan) throw new Error('seed: all-access plan missing');
  const rows = (['month', 'year'] as const).flatMap((interval) =>
    SEED_CURRENCIES.map((currency) => ({
      planId: plan.id,
      type: 'recurring' as const,
      interval,
      currency,
      unitAmount: ALL_ACCESS.prices[interval][currency],
      lookupKey: `plan:${ALL_ACCESS.slug}:${interval}:${currency}`,
    })),
  );
  await db.insert(prices).values(rows).onConflictDoNothing({ target: prices.lookupKey });
}

async function seedDemoUsers(db: Database) {
  await db
    .insert(users)
    .values(DEMO_USERS.map((u) => ({ ...u, emailVerified: new Date('2026-01-01T00:00:00Z') })))
    .onConflictDoUpdate({ target: users.email, ...changedOnly({ role: users.role }) });
}

export type SeedSummary = { courses: number; users: number };

/** Seeds the demo store in one transaction; safe to run any number of times. */
export async function seedDemo(db: Database): Promise<SeedSummary> {
  await db.transaction(async (tx) => {
    // Two seeders at once (dev server + CLI) would otherwise race on the same natural keys.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('bursar.seed'))`);
    for (const course of demoCourses) await seedCourse(tx, course);
    await seedAllAccess(tx);
    await seedDemoUsers(tx);
  });
  return { courses: demoCourses.length, users: DEMO_USERS.length };
}
