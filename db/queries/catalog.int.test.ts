import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { plans, prices } from '../schema';
import { seedCourse, uniqueSuffix } from '../seed/factories';
import { setupTestDb } from '@/tests/support/test-db';
import { findCourseBySlug, listCatalogCourses, listCategories, listPlanPrices } from './catalog';

const db = setupTestDb();
// Each test works in its own category so courses made by other tests never interfere.
const freshCategory = () => `Category ${uniqueSuffix()}`;

describe('listCatalogCourses', () => {
  it('lists only published courses, by title, with lesson count and the price in the currency', async () => {
    const category = freshCategory();
    await seedCourse(db().db, { category, title: 'Zeta', lessonCount: 6, prices: { usd: 4900, jpy: 4800 } });
    await seedCourse(db().db, { category, title: 'Alpha', lessonCount: 4 });
    await seedCourse(db().db, { category, title: 'Draft', status: 'draft' });
    await seedCourse(db().db, { category, title: 'Unlisted', status: 'unlisted' });

    const jpy = await listCatalogCourses(db().db, { category, currency: 'jpy' });
    expect(jpy.map((c) => [c.title, c.lessonCount, c.price?.amount, c.price?.currency])).toEqual([
      ['Alpha', 4, 4800, 'jpy'],
      ['Zeta', 6, 4800, 'jpy'],
    ]);
    const eur = await listCatalogCourses(db().db, { category, currency: 'eur' });
    expect(eur.map((c) => [c.title, c.price])).toEqual([
      ['Alpha', expect.objectContaining({ amount: 4500, currency: 'eur' })],
      ['Zeta', null], // no EUR price: shown, but not buyable in EUR
    ]);
  });

  it('ignores archived prices', async () => {
    const category = freshCategory();
    const { course } = await seedCourse(db().db, { category, prices: { usd: 2900 } });
    await db().db.update(prices).set({ active: false, lookupKey: null }).where(eq(prices.courseId, course.id));
    await db().db.insert(prices).values({ courseId: course.id, type: 'one_time', currency: 'usd', unitAmount: 3900 });
    const [listed] = await listCatalogCourses(db().db, { category, currency: 'usd' });
    expect(listed?.price?.amount).toBe(3900);
  });

  it('searches title and summary case-insensitively, treating % and _ literally', async () => {
    const category = freshCategory();
    await seedCourse(db().db, { category, title: 'Kubernetes Basics', summary: 'Containers at scale.' });
    await seedCourse(db().db, { category, title: 'Go', summary: 'Concurrency with GOROUTINES and 100% coverage.' });
    const search = async (q: string) =>
      (await listCatalogCourses(db().db, { category, q, currency: 'usd' })).map((c) => c.title);
    expect(await search('kubernetes')).toEqual(['Kubernetes Basics']);
    expect(await search('goroutines')).toEqual(['Go']);
    expect(await search('CONTAINERS')).toEqual(['Kubernetes Basics']);
    expect(await search('100%')).toEqual(['Go']);
    expect(await search('%')).toEqual(['Go']);
    expect(await search('_')).toEqual([]);
    expect(await search('   ')).toEqual(['Go', 'Kubernetes Basics']);
  });

  it('lists each course with its instructor, and a search finds a course by instructor', async () => {
    const category = freshCategory();
    await seedCourse(db().db, { category, title: 'Taught', instructorName: 'Ines Okonkwo-Bauer' });
    await seedCourse(db().db, { category, title: 'Untaught', instructorName: null });
    const listed = await listCatalogCourses(db().db, { category, currency: 'usd' });
    expect(listed.map((c) => [c.title, c.instructorName])).toEqual([
      ['Taught', 'Ines Okonkwo-Bauer'],
      ['Untaught', null],
    ]);
    expect((await listCatalogCourses(db().db, { category, q: 'okonkwo', currency: 'usd' })).map((c) => c.title)).toEqual(['Taught']);
  });

  it('filters by category and level, ignoring a level that does not exist', async () => {
    const [web, design] = [freshCategory(), freshCategory()];
    await seedCourse(db().db, { category: web, title: 'Web 1', level: 'beginner' });
    await seedCourse(db().db, { category: web, title: 'Web 2', level: 'advanced' });
    await seedCourse(db().db, { category: design, title: 'Design 1', level: 'advanced' });
    const titles = async (params: { category?: string; level?: string }) =>
      (await listCatalogCourses(db().db, { ...params, currency: 'usd' }))
        .map((c) => c.title)
        .filter((t) => /^(Web|Design) \d$/.test(t));
    expect(await titles({ category: web })).toEqual(['Web 1', 'Web 2']);
    expect(await titles({ category: web, level: 'advanced' })).toEqual(['Web 2']);
    expect(await titles({ level: 'advanced' })).toEqual(['Design 1', 'Web 2']);
    expect(await titles({ category: web, level: "expert' or 1=1" })).toEqual(['Web 1', 'Web 2']);
    expect(await titles({ category: 'No such category' })).toEqual([]);
  });
});

describe('listCategories', () => {
  it('counts published courses per category', async () => {
    const category = freshCategory();
    await seedCourse(db().db, { category });
    await seedCourse(db().db, { category });
    await seedCourse(db().db, { category: freshCategory(), status: 'draft' });
    const categories = await listCategories(db().db);
    expect(categories).toContainEqual({ category, courseCount: 2 });
    expect(categories.every((c) => c.courseCount > 0)).toBe(true);
  });
});

describe('findCourseBySlug', () => {
  it('returns lessons by position without bodies, and only active prices', async () => {
    const { course } = await seedCourse(db().db, { lessonCount: 5 });
    await db().db.update(prices).set({ active: false, lookupKey: null }).where(eq(prices.currency, 'eur'));
    const found = await findCourseBySlug(db().db, course.slug);
    expect(found?.lessons.map((l) => l.position)).toEqual([1, 2, 3, 4, 5]);
    expect(found?.lessons.map((l) => l.isPreview)).toEqual([true, false, false, false, false]);
    expect(found?.lessons[0]).not.toHaveProperty('body');
    expect(found?.prices.map((p) => p.currency)).toEqual(['jpy', 'usd']);
  });

  it('finds unlisted courses by link but never drafts or unknown slugs', async () => {
    const { course: unlisted } = await seedCourse(db().db, { status: 'unlisted' });
    const { course: draft } = await seedCourse(db().db, { status: 'draft' });
    expect((await findCourseBySlug(db().db, unlisted.slug))?.id).toBe(unlisted.id);
    expect(await findCourseBySlug(db().db, draft.slug)).toBeNull();
    expect(await findCourseBySlug(db().db, 'no-such-course')).toBeNull();
  });
});

describe('listPlanPrices', () => {
  it('returns the plan with active recurring prices, month first', async () => {
    const slug = `plan-${uniqueSuffix()}`;
    const [plan] = await db().db.insert(plans).values({ slug, name: 'Plan', description: 'All of it' }).returning();
    const planId = plan?.id ?? '';
    await db().db.insert(prices).values([
      { planId, type: 'recurring', interval: 'year', currency: 'usd', unitAmount: 19000 },
      { planId, type: 'recurring', interval: 'month', currency: 'usd', unitAmount: 1900 },
      { planId, type: 'recurring', interval: 'month', currency: 'eur', unitAmount: 1500, active: false },
    ]);
    const found = await listPlanPrices(db().db, slug);
    expect(found?.prices.map((p) => [p.interval, p.currency, p.unitAmount])).toEqual([
      ['month', 'usd', 1900],
      ['year', 'usd', 19000],
    ]);
    expect(await listPlanPrices(db().db, 'no-such-plan')).toBeNull();
  });
});
