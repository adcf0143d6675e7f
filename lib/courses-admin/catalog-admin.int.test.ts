import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCourseBySlug, listCatalogCourses } from '@/db/queries/catalog';
import { auditLog, plans, prices, subscriptions } from '@/db/schema';
import { seedCourse, seedUser, uniqueSuffix } from '@/db/seed/factories';
import { createCheckoutSession } from '@/lib/billing/checkout';
import { fulfillCheckout } from '@/lib/billing/fulfillment';
import { migrateSubscribers } from '@/lib/prices-admin/migrate-subscribers';
import { refusal } from '@/tests/support/refusal';
import { changePrice } from '@/lib/prices-admin/change-price';
import { getStorage, setStorageForTests } from '@/lib/storage';
import { LocalDiskStorage } from '@/lib/storage/local-disk';
import { payHostedCheckout, setupSandbox } from '@/tests/support/billing-harness';
import { setupTestDb } from '@/tests/support/test-db';
import { createCourse, setCourseStatus, updateCourse } from './courses';
import { setCourseCover } from './cover';
import { addLesson, reorderLessons } from './lessons';

const handle = setupTestDb();
const db = () => handle().db;
const sb = setupSandbox();
const ADMIN = 'admin-test';

beforeAll(() => setStorageForTests(new LocalDiskStorage(mkdtempSync(join(tmpdir(), 'bursar-covers-')))));
afterAll(() => setStorageForTests(undefined));

const values = (slug = `course-${uniqueSuffix()}`) => ({ slug, title: 'Intro to SQL', summary: 'Tables and joins.', description: 'Learn **SQL**.', level: 'beginner' as const, category: `Cat ${uniqueSuffix()}`, instructorName: 'Ada Brennan' });
const lesson = (title: string) => ({ title, body: `# ${title}`, durationMinutes: 5, isPreview: false });

describe('courses', () => {
  it('creates drafts with unique slugs; a draft is never in the catalog or on a course page', async () => {
    const v = values();
    const course = await createCourse(db(), ADMIN, v);
    expect(course.status).toBe('draft');
    expect(await refusal(() => createCourse(db(), ADMIN, { ...v, title: 'Other' }))).toMatch(/already uses this slug/);
    expect(await listCatalogCourses(db(), { category: v.category, currency: 'usd' })).toEqual([]);
    expect(await findCourseBySlug(db(), v.slug)).toBeNull();
    const other = await createCourse(db(), ADMIN, values());
    expect(await refusal(() => updateCourse(db(), ADMIN, other.id, { ...values(), slug: v.slug }))).toMatch(/already uses this slug/);
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.entityId, course.id), eq(auditLog.action, 'course.create')));
    expect(audit?.data).toMatchObject({ after: { slug: v.slug, status: 'draft' } });
  });

  it('publishes only with a lesson and a price, then the catalog shows it at once', async () => {
    const v = values();
    const course = await createCourse(db(), ADMIN, v);
    expect(await refusal(() => setCourseStatus(db(), ADMIN, course.id, 'published'))).toMatch(/at least one lesson/);
    await addLesson(db(), ADMIN, course.id, lesson('One'));
    expect(await refusal(() => setCourseStatus(db(), ADMIN, course.id, 'published'))).toMatch(/at least one price/);
    await changePrice(db(), ADMIN, { owner: { kind: 'course', id: course.id }, currency: 'usd', interval: null, amount: '49.00', attemptId: randomUUID() });
    await setCourseStatus(db(), ADMIN, course.id, 'published');
    const [listed] = await listCatalogCourses(db(), { category: v.category, currency: 'usd' });
    expect(listed).toMatchObject({ slug: v.slug, price: { amount: 4900, currency: 'usd' } });
    await setCourseStatus(db(), ADMIN, course.id, 'archived');
    expect(await listCatalogCourses(db(), { category: v.category, currency: 'usd' })).toEqual([]);
    expect(await findCourseBySlug(db(), v.slug)).toBeNull();
  });

  it('reorders lessons as one order, refusing a stale one', async () => {
    const course = await createCourse(db(), ADMIN, values());
    const a = (await addLesson(db(), ADMIN, course.id, lesson('A'))).lesson;
    const b = (await addLesson(db(), ADMIN, course.id, lesson('B'))).lesson;
    const c = (await addLesson(db(), ADMIN, course.id, lesson('C'))).lesson;
    await reorderLessons(db(), ADMIN, course.id, [c.id, a.id, b.id]);
    const positions = await db().query.lessons.findMany({ where: (l, { eq: is }) => is(l.courseId, course.id), orderBy: (l, { asc }) => asc(l.position) });
    expect(positions.map((l) => l.title)).toEqual(['C', 'A', 'B']);
    expect(await refusal(() => reorderLessons(db(), ADMIN, course.id, [a.id, b.id]))).toMatch(/changed since this page loaded/);
  });

  it('stores a cover checked by its bytes, refusing SVG, lies and oversize files', async () => {
    const course = await createCourse(db(), ADMIN, values());
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
    const after = await setCourseCover(db(), ADMIN, course.id, { bytes: png, type: 'image/png' });
    expect(after.imageUrl).toMatch(/^\/media\/covers\/[0-9a-f-]+-[0-9a-f]{32}\.png$/);
    const stored = await getStorage().get(after.imageUrl!.replace('/media/', ''));
    expect(stored?.contentType).toBe('image/png');
    expect(stored?.bytes.equals(png)).toBe(true);
    expect(await refusal(() => setCourseCover(db(), ADMIN, course.id, { bytes: Buffer.from('<svg onload="alert(1)"/>'), type: 'image/svg+xml' }))).toMatch(/PNG, JPEG or WebP/);
    expect(await refusal(() => setCourseCover(db(), ADMIN, course.id, { bytes: png, type: 'image/jpeg' }))).toMatch(/says it is image\/jpeg/);
    expect(await refusal(() => setCourseCover(db(), ADMIN, course.id, { bytes: Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024)]), type: 'image/png' }))).toMatch(/limit is 2 MB/);
  });
});

describe('prices', () => {
  it('a change is a new Stripe price with the lookup key moved, the old one archived, idempotent per attempt', async () => {
    const { course } = await seedCourse(db(), { prices: {} });
    const owner = { kind: 'course' as const, id: course.id };
    const first = await changePrice(db(), ADMIN, { owner, currency: 'eur', interval: null, amount: '45', attemptId: randomUUID() });
    const attemptId = randomUUID();
    const second = await changePrice(db(), ADMIN, { owner, currency: 'eur', interval: null, amount: '39.90', attemptId });
    expect(second.replaced?.id).toBe(first.price.id);
    // The same form again (a double submit, a retry): nothing new.
    const again = await changePrice(db(), ADMIN, { owner, currency: 'eur', interval: null, amount: '39.90', attemptId });
    expect(again).toMatchObject({ retried: true, price: { id: second.price.id } });

    const rows = await db().select().from(prices).where(eq(prices.courseId, course.id));
    expect(rows.map((r) => [r.unitAmount, r.active, r.lookupKey]).sort()).toEqual([
      [3990, true, `course:${course.slug}:eur`],
      [4500, false, null],
    ]);
    const stripe = sb().stripe;
    const newPrice = await stripe.prices.retrieve(second.price.stripePriceId!);
    const oldPrice = await stripe.prices.retrieve(first.price.stripePriceId!);
    expect([newPrice.unit_amount, newPrice.active, newPrice.lookup_key]).toEqual([3990, true, `course:${course.slug}:eur`]);
    expect([oldPrice.active, oldPrice.lookup_key]).toEqual([false, null]);
    const byKey = await stripe.prices.list({ lookup_keys: [`course:${course.slug}:eur`] });
    expect(byKey.data.map((p) => p.id)).toEqual([newPrice.id]);
  });

  it("follows Stripe's minor units: JPY is whole yen, KWD has three decimals", async () => {
    const { course } = await seedCourse(db(), { prices: {} });
    const owner = { kind: 'course' as const, id: course.id };
    expect(await refusal(() => changePrice(db(), ADMIN, { owner, currency: 'jpy', interval: null, amount: '4800.5', attemptId: randomUUID() }))).toMatch(/no decimal places/);
    const yen = await changePrice(db(), ADMIN, { owner, currency: 'jpy', interval: null, amount: '4,800', attemptId: randomUUID() });
    expect(yen.price.unitAmount).toBe(4800);
    const kwd = await changePrice(db(), ADMIN, { owner, currency: 'kwd', interval: null, amount: '12.350', attemptId: randomUUID() });
    expect(kwd.price.unitAmount).toBe(12350);
  });

  it('leaves nothing local when Stripe fails, and the same attempt succeeds on retry', async () => {
    const { course } = await seedCourse(db(), { prices: { usd: 4900 } });
    const owner = { kind: 'course' as const, id: course.id };
    const attemptId = randomUUID();
    await fetch(`http://127.0.0.1:${sb().sandbox.port}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: '/v1/products', kind: 'error', count: 1 }) });
    expect(await refusal(() => changePrice(db(), ADMIN, { owner, currency: 'usd', interval: null, amount: '59', attemptId }))).toMatch(/nothing changed/);
    const before = await db().select().from(prices).where(eq(prices.courseId, course.id));
    expect(before.map((r) => [r.unitAmount, r.active])).toEqual([[4900, true]]);
    const done = await changePrice(db(), ADMIN, { owner, currency: 'usd', interval: null, amount: '59', attemptId });
    expect(done.price).toMatchObject({ id: attemptId, unitAmount: 5900, active: true });
  });

  it('keeps a subscriber on the old plan price until the admin moves them, with the proration stated; moving again changes nothing', async () => {
    const suffix = uniqueSuffix();
    const [plan] = await db().insert(plans).values({ slug: `all-access-${suffix}`, name: `All-Access ${suffix}`, description: 'Every course.' }).returning();
    const owner = { kind: 'plan' as const, id: plan!.id };
    const first = await changePrice(db(), ADMIN, { owner, currency: 'usd', interval: 'month', amount: '19', attemptId: randomUUID() });
    const learner = await seedUser(db());
    const { url, sessionId } = await createCheckoutSession(db(), { id: learner.id, email: learner.email, name: learner.name }, { kind: 'plan', planSlug: plan!.slug, interval: 'month', currency: 'usd', attemptId: randomUUID() });
    await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
    expect((await fulfillCheckout(db(), sessionId)).status).toBe('fulfilled');
    const [sub] = await db().select().from(subscriptions).where(eq(subscriptions.userId, learner.id));
    expect(sub?.priceId).toBe(first.price.id);
    const itemPrice = async () => (await sb().stripe.subscriptions.retrieve(sub!.stripeSubscriptionId)).items.data[0]?.price.id;

    const second = await changePrice(db(), ADMIN, { owner, currency: 'usd', interval: 'month', amount: '24', attemptId: randomUUID() });
    // The new price is for new subscribers; the existing one stays where it was.
    expect(await itemPrice()).toBe(first.price.stripePriceId);
    expect(await refusal(() => migrateSubscribers(db(), ADMIN, { fromPriceId: second.price.id, proration: 'none' }))).toMatch(/current price already/);

    expect(await migrateSubscribers(db(), ADMIN, { fromPriceId: first.price.id, proration: 'none' })).toMatchObject({ moved: 1, failed: [], toPrice: { id: second.price.id } });
    expect(await itemPrice()).toBe(second.price.stripePriceId);
    // Run again (a double submit before the webhook moved our row): Stripe already has it.
    expect(await migrateSubscribers(db(), ADMIN, { fromPriceId: first.price.id, proration: 'none' })).toMatchObject({ moved: 1, failed: [] });
    expect(await itemPrice()).toBe(second.price.stripePriceId);
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.entityId, second.price.id), eq(auditLog.action, 'price.migrate_subscribers')));
    expect(audits[0]?.data).toMatchObject({ proration: 'none', before: { priceId: first.price.id, unitAmount: 1900 }, after: { priceId: second.price.id, unitAmount: 2400 } });
  });
});
