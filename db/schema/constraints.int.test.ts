import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { seedCourse, seedUser, uniqueSuffix } from '../seed/factories';
import { expectSqlState, setupTestDb } from '@/tests/support/test-db';
import {
  auditLog,
  checkoutSessions,
  customers,
  disputes,
  enrollments,
  invoices,
  lessonProgress,
  outbox,
  payments,
  prices,
  plans,
  refunds,
  stripeEvents,
  subscriptions,
  users,
} from './index';

const db = setupTestDb();
const UNIQUE = '23505';
const CHECK = '23514';
const FOREIGN_KEY = '23503';

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

// Issue "Safe to deploy", "Database invariants": rules PostgreSQL used to accept when broken
// directly. Each statement below breaks one rule on purpose and must be refused.
describe('business rules the database enforces by itself', () => {
  const payment = async (d: ReturnType<typeof db>['db'], values: Partial<typeof payments.$inferInsert> = {}) => {
    const [row] = await d.insert(payments).values({ stripePaymentIntentId: `pi_${uniqueSuffix()}`, amount: 4900, currency: 'usd', ...values }).returning();
    return row!;
  };

  it('refunds never exceed their payment in total, and share its currency', async () => {
    const d = db().db;
    const paid = await payment(d);
    await d.insert(refunds).values({ stripeRefundId: `re_${uniqueSuffix()}`, paymentId: paid.id, amount: 3000, currency: 'usd', status: 'succeeded' });
    // 3000 + 2000 > 4900: each refund alone fits, together they do not.
    await expectSqlState(() => d.insert(refunds).values({ stripeRefundId: `re_${uniqueSuffix()}`, paymentId: paid.id, amount: 2000, currency: 'usd', status: 'pending' }), CHECK);
    // A failed refund gave nothing back, so it does not count.
    await d.insert(refunds).values({ stripeRefundId: `re_${uniqueSuffix()}`, paymentId: paid.id, amount: 2000, currency: 'usd', status: 'failed' });
    await d.insert(refunds).values({ stripeRefundId: `re_${uniqueSuffix()}`, paymentId: paid.id, amount: 1900, currency: 'usd', status: 'succeeded' });
    // In another currency, even a cent.
    const other = await payment(d);
    await expectSqlState(() => d.insert(refunds).values({ stripeRefundId: `re_${uniqueSuffix()}`, paymentId: other.id, amount: 1, currency: 'eur' }), CHECK);
    // Nor can an update move a refund past the payment.
    const [small] = await d.insert(refunds).values({ stripeRefundId: `re_${uniqueSuffix()}`, paymentId: other.id, amount: 100, currency: 'usd' }).returning();
    await expectSqlState(() => d.update(refunds).set({ amount: 5000 }).where(eq(refunds.id, small!.id)), CHECK);
    // A dispute is about money of its payment too.
    await expectSqlState(
      () => d.insert(disputes).values({ stripeDisputeId: `dp_${uniqueSuffix()}`, paymentId: other.id, stripeChargeId: 'ch_x', amount: 4901, currency: 'usd', status: 'needs_response', reason: 'fraudulent' }),
      CHECK,
    );
  });

  it('amounts are never negative', async () => {
    const d = db().db;
    const user = await seedUser(d);
    const { course, prices: coursePrices } = await seedCourse(d);
    const paid = await payment(d);
    await expectSqlState(() => payment(d, { amount: -1 }), CHECK);
    await expectSqlState(() => d.update(payments).set({ fee: -1 }).where(eq(payments.id, paid.id)), CHECK);
    await expectSqlState(() => d.update(payments).set({ amountRefunded: -1 }).where(eq(payments.id, paid.id)), CHECK);
    await expectSqlState(() => d.insert(refunds).values({ stripeRefundId: `re_${uniqueSuffix()}`, paymentId: paid.id, amount: -100, currency: 'usd' }), CHECK);
    await expectSqlState(
      () => d.insert(disputes).values({ stripeDisputeId: `dp_${uniqueSuffix()}`, paymentId: paid.id, stripeChargeId: 'ch_x', amount: -1, currency: 'usd', status: 'needs_response', reason: 'fraudulent' }),
      CHECK,
    );
    await expectSqlState(
      () => d.insert(checkoutSessions).values({ stripeCheckoutSessionId: `cs_${uniqueSuffix()}`, userId: user.id, priceId: coursePrices[0]!.id, courseId: course.id, mode: 'payment', amountTotal: -1, currency: 'usd', idempotencyKey: `k_${uniqueSuffix()}` }),
      CHECK,
    );
    await expectSqlState(
      () => d.insert(invoices).values({ stripeInvoiceId: `in_${uniqueSuffix()}`, userId: user.id, status: 'paid', subtotal: 0, total: 0, amountDue: -1, amountPaid: 0, amountRemaining: 0, currency: 'usd' }),
      CHECK,
    );
  });

  it('emails are stored lower-case', async () => {
    const d = db().db;
    await expectSqlState(() => d.insert(users).values({ email: `Mixed-${uniqueSuffix()}@Bursar.test` }), CHECK);
    const user = await seedUser(d);
    await expectSqlState(() => d.update(users).set({ email: user.email.toUpperCase() }).where(eq(users.id, user.id)), CHECK);
    await expectSqlState(() => d.insert(customers).values({ userId: user.id, stripeCustomerId: `cus_${uniqueSuffix()}`, email: 'Upper@Bursar.test' }), CHECK);
  });

  it('one live subscription per learner and plan (monthly and yearly alike); ended ones and marked duplicates may stand beside it', async () => {
    const d = db().db;
    const user = await seedUser(d);
    const [customer] = await d.insert(customers).values({ userId: user.id, stripeCustomerId: `cus_${uniqueSuffix()}` }).returning();
    const [plan] = await d.insert(plans).values({ slug: `all-access-${uniqueSuffix()}`, name: 'All-Access', description: 'Every course.' }).returning();
    const sub = (status: typeof subscriptions.$inferInsert.status, extra: Partial<typeof subscriptions.$inferInsert> = {}) =>
      d.insert(subscriptions).values({ stripeSubscriptionId: `sub_${uniqueSuffix()}`, userId: user.id, customerId: customer!.id, planId: plan!.id, status, ...extra }).returning();
    const [live] = await sub('active');
    for (const status of ['active', 'trialing', 'past_due', 'incomplete', 'unpaid', 'paused'] as const) await expectSqlState(() => sub(status), UNIQUE);
    await sub('canceled');
    await sub('incomplete_expired');
    await sub('active', { duplicateOfId: live!.id });
    // Nor can an ended one be brought back to life beside the live one.
    const [ended] = await sub('canceled');
    await expectSqlState(() => d.update(subscriptions).set({ status: 'active' }).where(eq(subscriptions.id, ended!.id)), UNIQUE);
  });

  it("a purchase enrollment points at a payment of its own learner, and only purchases point at payments", async () => {
    const d = db().db;
    const [buyer, other] = [await seedUser(d), await seedUser(d)];
    const { course } = await seedCourse(d);
    const paid = await payment(d, { userId: buyer.id });
    await expectSqlState(() => d.insert(enrollments).values({ userId: other.id, courseId: course.id, source: 'purchase', paymentId: paid.id }), FOREIGN_KEY);
    await expectSqlState(() => d.insert(enrollments).values({ userId: buyer.id, courseId: course.id, source: 'grant', paymentId: paid.id }), CHECK);
    const [own] = await d.insert(enrollments).values({ userId: buyer.id, courseId: course.id, source: 'purchase', paymentId: paid.id }).returning();
    await expectSqlState(() => d.update(enrollments).set({ userId: other.id }).where(eq(enrollments.id, own!.id)), FOREIGN_KEY);
    // One purchase enrollment per learner and course, whichever payment it names.
    const second = await payment(d, { userId: buyer.id });
    await expectSqlState(() => d.insert(enrollments).values({ userId: buyer.id, courseId: course.id, source: 'purchase', paymentId: second.id }), UNIQUE);
  });
});
