import { describe, expect, it } from 'vitest';
import { checkoutSessions, customers, paymentMethods, plans, prices, subscriptions } from '@/db/schema';
import { seedCourse, seedUser, uniqueSuffix } from '@/db/seed/factories';
import { setupTestDb } from '@/tests/support/test-db';
import type { Database } from '../client';
import { findCurrentPaymentMethodForUser, listSubscriptionsWithPlanForUser } from './account';
import { countStoreOverview } from './admin';
import { findCheckoutSessionOfUser } from './checkout-sessions';
import { pingDatabase } from './health';
import { findLessonWithCourse } from './learning';
import { findNotificationSettings, setUserName, writeNotificationSettings } from './users';

// The reads pages and actions used to run inline (issue 9), now in db/queries.

const getDb = setupTestDb();

async function seedPlanWithPrices(db: Database) {
  const suffix = uniqueSuffix();
  const [plan] = await db.insert(plans).values({ slug: `plan-${suffix}`, name: `Plan ${suffix}`, description: 'All courses.' }).returning();
  if (!plan) throw new Error('no plan');
  const [monthly, yearly] = await db
    .insert(prices)
    .values([
      { planId: plan.id, type: 'recurring', interval: 'month', currency: 'usd', unitAmount: 1900 },
      { planId: plan.id, type: 'recurring', interval: 'year', currency: 'usd', unitAmount: 19000 },
    ])
    .returning();
  if (!monthly || !yearly) throw new Error('no prices');
  return { plan, monthly, yearly };
}

describe('reads moved out of pages', () => {
  it('finds a lesson with its course slug, and nothing for an unknown id', async () => {
    const { db } = getDb();
    const { course, lessons } = await seedCourse(db, { lessonCount: 2 });
    const lesson = lessons[1];
    if (!lesson) throw new Error('seedCourse made too few lessons');
    expect(await findLessonWithCourse(db, lesson.id)).toEqual({ id: lesson.id, courseId: course.id, slug: course.slug, position: lesson.position });
    expect(await findLessonWithCourse(db, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it("finds a checkout session only for the learner who started it", async () => {
    const { db } = getDb();
    const { course, prices: coursePrices } = await seedCourse(db);
    const [buyer, other] = [await seedUser(db), await seedUser(db)];
    const price = coursePrices[0];
    if (!price) throw new Error('seedCourse made no price');
    const stripeCheckoutSessionId = `cs_test_${uniqueSuffix()}`;
    await db.insert(checkoutSessions).values({
      stripeCheckoutSessionId,
      userId: buyer.id,
      priceId: price.id,
      courseId: course.id,
      mode: 'payment',
      amountTotal: price.unitAmount,
      currency: price.currency,
      idempotencyKey: `key-${uniqueSuffix()}`,
    });
    expect(await findCheckoutSessionOfUser(db, { stripeCheckoutSessionId, userId: buyer.id })).toEqual({ courseSlug: course.slug, courseTitle: course.title, mode: 'payment' });
    expect(await findCheckoutSessionOfUser(db, { stripeCheckoutSessionId, userId: other.id })).toBeNull();
    expect(await findCheckoutSessionOfUser(db, { stripeCheckoutSessionId: 'cs_test_unknown', userId: buyer.id })).toBeNull();
  });

  it('counts courses, users and prices for the admin overview, and pings the database', async () => {
    const { db } = getDb();
    const before = await countStoreOverview(db);
    await seedCourse(db, { prices: { usd: 100, eur: 100 } });
    await seedUser(db);
    expect(await countStoreOverview(db)).toEqual({ courses: before.courses + 1, users: before.users + 1, prices: before.prices + 2 });
    await expect(pingDatabase(db)).resolves.toBeUndefined();
  });

  it('reads and replaces notification settings, and sets the name', async () => {
    const { db } = getDb();
    const user = await seedUser(db, { emailPreferences: { receipts: true } });
    expect(await findNotificationSettings(db, user.id)).toEqual({ emailPreferences: { receipts: true }, phone: null, smsOptIn: false });
    await writeNotificationSettings(db, user.id, { emailPreferences: { renewalReminders: false, productNews: true }, phone: '+14155550100', smsOptIn: true });
    expect(await findNotificationSettings(db, user.id)).toEqual({
      emailPreferences: { renewalReminders: false, productNews: true },
      phone: '+14155550100',
      smsOptIn: true,
    });
    await setUserName(db, user.id, null);
    expect((await db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, user.id) }))?.name).toBeNull();
    expect(await findNotificationSettings(db, 'no-such-user')).toBeNull();
  });

  it("lists the learner's subscriptions newest first with plan and price, and the attached method a renewal uses", async () => {
    const { db } = getDb();
    const { plan, monthly } = await seedPlanWithPrices(db);
    const [learner, other] = [await seedUser(db), await seedUser(db)];
    const [customer] = await db.insert(customers).values({ userId: learner.id, stripeCustomerId: `cus_${uniqueSuffix()}` }).returning();
    if (!customer) throw new Error('no customer');
    const old = new Date('2026-01-01T00:00:00Z');
    await db.insert(subscriptions).values([
      { stripeSubscriptionId: `sub_${uniqueSuffix()}`, userId: learner.id, customerId: customer.id, planId: plan.id, priceId: monthly.id, status: 'canceled', createdAt: old },
      { stripeSubscriptionId: `sub_${uniqueSuffix()}`, userId: learner.id, customerId: customer.id, planId: plan.id, priceId: monthly.id, status: 'active' },
    ]);
    const rows = await listSubscriptionsWithPlanForUser(db, learner.id);
    expect(rows.map((row) => row.subscription.status)).toEqual(['active', 'canceled']);
    expect(rows[0]).toMatchObject({ plan: { id: plan.id }, price: { id: monthly.id, interval: 'month' } });
    expect(await listSubscriptionsWithPlanForUser(db, other.id)).toEqual([]);

    expect(await findCurrentPaymentMethodForUser(db, learner.id)).toBeNull();
    const method = (stripe: string, values: Partial<typeof paymentMethods.$inferInsert>) => ({
      stripePaymentMethodId: stripe,
      userId: learner.id,
      customerId: customer.id,
      type: 'card',
      brand: 'visa',
      last4: '4242',
      ...values,
    });
    await db.insert(paymentMethods).values([
      method(`pm_${uniqueSuffix()}`, { isDefault: true, last4: '1111', createdAt: old }),
      method(`pm_${uniqueSuffix()}`, { last4: '2222' }),
      method(`pm_${uniqueSuffix()}`, { last4: '3333', detachedAt: new Date() }),
    ]);
    expect(await findCurrentPaymentMethodForUser(db, learner.id)).toMatchObject({ last4: '1111', isDefault: true });
    expect(await findCurrentPaymentMethodForUser(db, other.id)).toBeNull();
  });
});
