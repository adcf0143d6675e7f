import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { seedCourse, seedUser, uniqueSuffix } from '../seed/factories';
import { expectSqlState, setupTestDb } from '@/tests/support/test-db';
import {
  auditLog,
  customers,
  enrollments,
  lessonProgress,
  outbox,
  payments,
  prices,
  refunds,
  stripeEvents,
} from './index';

const db = setupTestDb();
const UNIQUE = '23505';
const CHECK = '23514';

describe('audit_log is append-only', () => {
  it('accepts inserts and rejects UPDATE, DELETE and TRUNCATE', async () => {
    const d = db().db;
    const [row] = await d
      .insert(auditLog)
      .values({ actorType: 'system', action: 'test.recorded', entityType: 'test', data: { n: 1 } })
      .returning();
    expect(row?.id).toBeGreaterThan(0);
    await expectSqlState(() => d.update(auditLog).set({ action: 'rewritten' }), '42501');
    await expectSqlState(() => d.delete(auditLog).where(eq(auditLog.id, row?.id ?? 0)), '42501');
    await expectSqlState(() => d.execute(sql`truncate audit_log`), '42501');
    const [kept] = await d.select().from(auditLog).where(eq(auditLog.id, row?.id ?? 0));
    expect(kept?.action).toBe('test.recorded');
  });
});

describe('business keys reject duplicates', () => {
  it('enrolls a user in a course once per source', async () => {
    const d = db().db;
    const user = await seedUser(d);
    const { course } = await seedCourse(d);
    const enrollment = { userId: user.id, courseId: course.id, source: 'purchase' as const };
    await d.insert(enrollments).values(enrollment);
    await expectSqlState(() => d.insert(enrollments).values(enrollment), UNIQUE);
    // A different source is a different entitlement.
    await d.insert(enrollments).values({ ...enrollment, source: 'grant' });
    // The idempotent write path: the same business key converges on one row.
    await d.insert(enrollments).values(enrollment).onConflictDoNothing();
    const rows = await d.select().from(enrollments).where(eq(enrollments.userId, user.id));
    expect(rows).toHaveLength(2);
  });

  it('maps users and Stripe customers one to one', async () => {
    const d = db().db;
    const [a, b] = [await seedUser(d), await seedUser(d)];
    const stripeCustomerId = `cus_${uniqueSuffix()}`;
    await d.insert(customers).values({ userId: a.id, stripeCustomerId });
    await expectSqlState(() => d.insert(customers).values({ userId: a.id, stripeCustomerId: `cus_${uniqueSuffix()}` }), UNIQUE);
    await expectSqlState(() => d.insert(customers).values({ userId: b.id, stripeCustomerId }), UNIQUE);
  });

  it('keeps one payment per PaymentIntent, and refunds within the amount', async () => {
    const d = db().db;
    const pi = `pi_${uniqueSuffix()}`;
    const [payment] = await d.insert(payments).values({ stripePaymentIntentId: pi, amount: 4900, currency: 'usd' }).returning();
    await expectSqlState(() => d.insert(payments).values({ stripePaymentIntentId: pi, amount: 4900, currency: 'usd' }), UNIQUE);
    await expectSqlState(() => d.update(payments).set({ amountRefunded: 5000 }).where(eq(payments.stripePaymentIntentId, pi)), CHECK);
    await expectSqlState(() => d.insert(payments).values({ stripePaymentIntentId: `pi_${uniqueSuffix()}`, amount: 100, currency: 'USD' }), CHECK);
    const re = `re_${uniqueSuffix()}`;
    await d.insert(refunds).values({ stripeRefundId: re, paymentId: payment?.id ?? '', amount: 100, currency: 'usd' });
    await expectSqlState(() => d.insert(refunds).values({ stripeRefundId: re, paymentId: payment?.id ?? '', amount: 100, currency: 'usd' }), UNIQUE);
  });

  it('records a Stripe event once, however often it is delivered', async () => {
    const d = db().db;
    const event = { id: `evt_${uniqueSuffix()}`, type: 'payment_intent.succeeded', stripeCreatedAt: new Date(), payload: { id: 'x' } };
    const first = await d.insert(stripeEvents).values(event).onConflictDoNothing().returning();
    const second = await d.insert(stripeEvents).values(event).onConflictDoNothing().returning();
    expect([first.length, second.length]).toEqual([1, 0]);
    await expectSqlState(() => d.insert(stripeEvents).values(event), UNIQUE);
  });

  it('enqueues a notification once per dedupe key', async () => {
    const d = db().db;
    const message = { channel: 'email' as const, template: 'receipt', recipient: 'a@bursar.test', dedupeKey: `receipt:pi_${uniqueSuffix()}` };
    await d.insert(outbox).values(message);
    await expectSqlState(() => d.insert(outbox).values(message), UNIQUE);
  });

  it('tracks progress once per user and lesson', async () => {
    const d = db().db;
    const user = await seedUser(d);
    const { course, lessons } = await seedCourse(d);
    const progress = { userId: user.id, lessonId: lessons[0]?.id ?? '', courseId: course.id };
    await d.insert(lessonProgress).values(progress);
    await expectSqlState(() => d.insert(lessonProgress).values(progress), UNIQUE);
  });
});

describe('prices', () => {
  it('allow one active price per course and currency, and unique lookup keys', async () => {
    const d = db().db;
    const { course } = await seedCourse(d, { prices: { usd: 4900 } });
    const newPrice = { courseId: course.id, type: 'one_time' as const, currency: 'usd', unitAmount: 5900 };
    await expectSqlState(() => d.insert(prices).values(newPrice), UNIQUE);
    await expectSqlState(() => d.insert(prices).values({ ...newPrice, currency: 'eur', lookupKey: `course:${course.slug}:usd` }), UNIQUE);
    // Archive and create, as Stripe does: the old price stays for history.
    await d.update(prices).set({ active: false, lookupKey: null }).where(eq(prices.courseId, course.id));
    await d.insert(prices).values({ ...newPrice, lookupKey: `course:${course.slug}:usd` });
    const rows = await d.select().from(prices).where(eq(prices.courseId, course.id));
    expect(rows.map((p) => [p.unitAmount, p.active]).sort()).toEqual([[4900, false], [5900, true]]);
  });

  it('belong to exactly one course or plan, with an interval only when recurring', async () => {
    const d = db().db;
    const { course } = await seedCourse(d, { prices: {} });
    await expectSqlState(() => d.insert(prices).values({ type: 'one_time', currency: 'usd', unitAmount: 100 }), CHECK);
    await expectSqlState(() => d.insert(prices).values({ courseId: course.id, type: 'recurring', currency: 'usd', unitAmount: 100 }), CHECK);
    await expectSqlState(() => d.insert(prices).values({ courseId: course.id, type: 'one_time', interval: 'month', currency: 'usd', unitAmount: 100 }), CHECK);
    await expectSqlState(() => d.insert(prices).values({ courseId: course.id, type: 'one_time', currency: 'usd', unitAmount: -1 }), CHECK);
  });
});
