import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../client';
import { courses, lessons, plans, prices, users } from '../schema';
import { setupTestDb } from '@/tests/support/test-db';
import { seedDemo } from './demo';

const db = setupTestDb();

async function snapshot(d: Database) {
  return {
    courses: await d.select().from(courses).orderBy(asc(courses.id)),
    lessons: await d.select().from(lessons).orderBy(asc(lessons.id)),
    plans: await d.select().from(plans).orderBy(asc(plans.id)),
    prices: await d.select().from(prices).orderBy(asc(prices.id)),
    users: await d.select().from(users).orderBy(asc(users.id)),
  };
}

describe('demo seed', () => {
  it('changes nothing when run a second time', async () => {
    await seedDemo(db().db);
    const first = await snapshot(db().db);
    await seedDemo(db().db);
    const second = await snapshot(db().db);
    expect(second).toEqual(first); // same rows, same values, same updated_at
    expect(first.courses.length).toBeGreaterThanOrEqual(10);
  });

  it('restores a demo course that was edited, touching only that row', async () => {
    const slug = 'sql-for-analysts';
    const before = await db().db.query.courses.findFirst({ where: eq(courses.slug, slug) });
    await db().db.update(courses).set({ title: 'Edited' }).where(eq(courses.slug, slug));
    await seedDemo(db().db);
    const after = await db().db.query.courses.findFirst({ where: eq(courses.slug, slug) });
    expect(after?.title).toBe(before?.title);
    expect(after?.id).toBe(before?.id);
  });

  it('covers the catalog the storefront needs', async () => {
    const all = await db().db.query.courses.findMany({ with: { lessons: true, prices: true } });
    const published = all.filter((c) => c.status === 'published');
    expect(new Set(published.map((c) => c.category)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(published.map((c) => c.level))).toEqual(new Set(['beginner', 'intermediate', 'advanced']));
    expect(all.filter((c) => c.status === 'draft')).toHaveLength(1);
    expect(all.filter((c) => c.status === 'unlisted')).toHaveLength(1);
    // Every demo course names its instructor (shown on cards and course pages), no two alike.
    expect(all.every((c) => c.instructorName && c.instructorName.trim() === c.instructorName)).toBe(true);
    expect(new Set(all.map((c) => c.instructorName)).size).toBe(all.length);
    for (const course of all) {
      expect(course.description.split('\n\n').length, course.slug).toBeGreaterThanOrEqual(2);
      expect(course.lessons.length, course.slug).toBeGreaterThanOrEqual(4);
      expect(course.lessons.length, course.slug).toBeLessThanOrEqual(8);
      const byPosition = [...course.lessons].sort((a, b) => a.position - b.position);
      expect(byPosition[0]?.isPreview, course.slug).toBe(true);
      expect(byPosition.filter((l) => l.isPreview).length, course.slug).toBeLessThanOrEqual(2);
    }
    for (const course of published) {
      const keys = course.prices.map((p) => p.lookupKey).sort();
      expect(keys).toEqual(['eur', 'jpy', 'usd'].map((c) => `course:${course.slug}:${c}`));
    }
  });

  it('prices zero-decimal JPY in whole yen', async () => {
    const [typescript] = await db()
      .db.select()
      .from(prices)
      .where(eq(prices.lookupKey, 'course:typescript-for-javascript-developers:jpy'));
    expect(typescript?.unitAmount).toBe(4800); // ¥4,800, not ¥48.00
    const [usd] = await db()
      .db.select()
      .from(prices)
      .where(eq(prices.lookupKey, 'course:typescript-for-javascript-developers:usd'));
    expect(usd?.unitAmount).toBe(4900); // $49.00
  });

  it('creates the All-Access plan with monthly and yearly prices in three currencies', async () => {
    const plan = await db().db.query.plans.findFirst({
      where: eq(plans.slug, 'all-access'),
      with: { prices: true },
    });
    expect(plan?.prices.map((p) => p.lookupKey).sort()).toEqual([
      'plan:all-access:month:eur',
      'plan:all-access:month:jpy',
      'plan:all-access:month:usd',
      'plan:all-access:year:eur',
      'plan:all-access:year:jpy',
      'plan:all-access:year:usd',
    ]);
    expect(plan?.prices.every((p) => p.type === 'recurring' && p.active)).toBe(true);
  });

  it('creates the demo admin and learner', async () => {
    const demo = await db().db.select({ email: users.email, role: users.role }).from(users);
    expect(demo).toEqual(
      expect.arrayContaining([
        { email: 'admin@bursar.test', role: 'admin' },
        { email: 'learner@bursar.test', role: 'learner' },
      ]),
    );
  });
});
