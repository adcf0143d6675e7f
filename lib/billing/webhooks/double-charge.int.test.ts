import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, checkoutSessions, enrollments, jobs, outbox, payments, plans, prices, subscriptions } from '@/db/schema';
import { seedCourse, seedUser, uniqueSuffix } from '@/db/seed/factories';
import { runDueQueuedJobs } from '@/lib/jobs/queue';
import { setupTestDb } from '@/tests/support/test-db';
import { payHostedCheckout, setupSandbox } from '@/tests/support/billing-harness';
import { eventually, expectNoFailedEventsAfterEach, settleDeliveries, setupWebhookReceiver } from '@/tests/support/webhook-harness';
import { createCheckoutSession } from '../checkout';
import { hasAllAccess } from '../course-access';

// Issue "Safe to deploy", item 3: a second payment that still arrives for something the
// learner already has (two Checkout tabs raced, an old tab) is undone by the webhook path —
// refunded or cancelled with a full refund, automatically and exactly once, with an email to
// the learner and audit rows the admin reads in the audit log.

const getDb = setupTestDb();
const getStripe = setupSandbox();
setupWebhookReceiver(getDb, getStripe);

expectNoFailedEventsAfterEach(getDb, getStripe);

/**
 * Two Checkout pages for one thing, both still open at Stripe: a new Checkout expires the
 * older one first, so the race is reproduced by the mirror having lost track of the older
 * session (what two concurrent starts, or an old tab, amount to).
 */
async function twoOpenSessions(start: () => Promise<{ url: string; sessionId: string }>, startSecond = start) {
  const first = await start();
  await getDb().db.update(checkoutSessions).set({ status: 'expired' }).where(eq(checkoutSessions.stripeCheckoutSessionId, first.sessionId));
  const second = await startSecond();
  const stillOpen = await getStripe().stripe.checkout.sessions.retrieve(first.sessionId);
  expect(stillOpen.status).toBe('open');
  return [first, second] as const;
}

const auditActions = async (entityIds: string[]) =>
  (await getDb().db.select().from(auditLog).where(inArray(auditLog.entityId, entityIds))).map((row) => row.action).sort();

describe('a second payment for what the learner already has', () => {
  it('one course paid in two tabs: the later payment is refunded in full, once, with one email and audit rows', async () => {
    const { db } = getDb();
    const { stripe } = getStripe();
    const { course } = await seedCourse(db);
    const user = await seedUser(db);
    const buyer = { id: user.id, email: user.email, name: user.name };
    const start = () => createCheckoutSession(db, buyer, { kind: 'course', courseSlug: course.slug, currency: 'usd', attemptId: randomUUID() });
    const [first, second] = await twoOpenSessions(start);

    await payHostedCheckout(first.url, { method: 'card', cardNumber: '4242424242424242' });
    await eventually(async () => (await db.$count(enrollments, eq(enrollments.userId, user.id))) === 1);
    await payHostedCheckout(second.url, { method: 'card', cardNumber: '4242424242424242' });

    const [kept, duplicate] = await eventually(async () => {
      const rows = await db.select().from(payments).where(eq(payments.userId, user.id));
      const refunded = rows.find((p) => p.status === 'refunded');
      const held = rows.find((p) => p.status === 'succeeded');
      return rows.length === 2 && refunded && held ? [held, refunded] : null;
    });
    await settleDeliveries(getStripe().sandbox);
    expect(duplicate.amountRefunded).toBe(duplicate.amount);

    // One enrollment, on the payment that was kept.
    const enrolled = await db.select().from(enrollments).where(eq(enrollments.userId, user.id));
    expect(enrolled).toEqual([expect.objectContaining({ status: 'active', source: 'purchase', paymentId: kept.id })]);
    // Stripe holds exactly one refund, of the second payment, marked as a duplicate.
    const stripeRefunds = await stripe.refunds.list({ payment_intent: duplicate.stripePaymentIntentId });
    expect(stripeRefunds.data.map((r) => [r.amount, r.reason])).toEqual([[duplicate.amount, 'duplicate']]);
    expect((await stripe.refunds.list({ payment_intent: kept.stripePaymentIntentId })).data).toEqual([]);
    // The learner is told once (receipt for the first, the duplicate notice for the second).
    const templates = (await db.select().from(outbox).where(eq(outbox.userId, user.id))).map((m) => m.template).sort();
    expect(templates).toEqual(['duplicate-payment-refunded', 'purchase-receipt']);
    expect(await auditActions([duplicate.id])).toEqual(expect.arrayContaining(['payment.duplicate_detected', 'payment.duplicate_refunded']));
    expect((await auditActions([duplicate.id])).filter((a) => a.startsWith('payment.duplicate_'))).toHaveLength(2);

    // Exactly once: the success page fulfilling the session again, and the job run again, change nothing.
    const { fulfillCheckout } = await import('../fulfillment');
    expect((await fulfillCheckout(db, second.sessionId)).status).toBe('duplicate');
    const [job] = await db.select().from(jobs).where(eq(jobs.dedupeKey, `duplicate-refund:${duplicate.stripePaymentIntentId}`));
    expect(job?.status).toBe('succeeded');
    // The refund names the payment that keeps the course (read under the enrollment's lock).
    expect(job?.payload).toMatchObject({ paymentId: duplicate.id, keptPaymentId: kept.id });
    await db.update(jobs).set({ status: 'pending', runAt: new Date() }).where(eq(jobs.id, job!.id));
    await runDueQueuedJobs(db, { workerId: 'again' });
    await settleDeliveries(getStripe().sandbox);
    expect((await stripe.refunds.list({ payment_intent: duplicate.stripePaymentIntentId })).data).toHaveLength(1);
    expect((await db.select().from(outbox).where(eq(outbox.userId, user.id))).filter((m) => m.template === 'duplicate-payment-refunded')).toHaveLength(1);
  });

  it('All-Access monthly and yearly in two tabs: the later subscription is cancelled and refunded in full, once', async () => {
    const { db } = getDb();
    const { stripe } = getStripe();
    const suffix = uniqueSuffix();
    const [plan] = await db.insert(plans).values({ slug: `all-access-${suffix}`, name: `All-Access ${suffix}`, description: 'Every course.' }).returning();
    await db.insert(prices).values([
      { planId: plan!.id, type: 'recurring', interval: 'month', currency: 'usd', unitAmount: 1500, lookupKey: `plan:${suffix}:usd:month` },
      { planId: plan!.id, type: 'recurring', interval: 'year', currency: 'usd', unitAmount: 15000, lookupKey: `plan:${suffix}:usd:year` },
    ]);
    const user = await seedUser(db);
    const buyer = { id: user.id, email: user.email, name: user.name };
    const start = (interval: 'month' | 'year') => () => createCheckoutSession(db, buyer, { kind: 'plan', planSlug: plan!.slug, interval, currency: 'usd', attemptId: randomUUID() });
    const [monthly, yearly] = await twoOpenSessions(start('month'), start('year'));

    await payHostedCheckout(monthly.url, { method: 'card', cardNumber: '4242424242424242' });
    await eventually(async () => hasAllAccess(db, user.id));
    // Stripe dates subscriptions to the second and the later one is the duplicate (a tie is
    // broken by id): pay the second tab in a later second, as a person switching tabs does.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await payHostedCheckout(yearly.url, { method: 'card', cardNumber: '4242424242424242' });

    const rows = await eventually(async () => {
      const subs = await db.select().from(subscriptions).where(eq(subscriptions.userId, user.id));
      return subs.length === 2 && subs.some((s) => s.status === 'canceled') ? subs : null;
    });
    // The cancel job refunds, then waits for the refunded payment's own events to be mirrored
    // before it writes the notice (a retry 10 s later when they were not yet).
    await eventually(async () => (await db.select().from(outbox).where(and(eq(outbox.userId, user.id), eq(outbox.template, 'duplicate-payment-refunded')))).length === 1, 45_000);
    await settleDeliveries(getStripe().sandbox);
    const original = rows.find((s) => s.duplicateOfId === null)!;
    const duplicate = rows.find((s) => s.duplicateOfId !== null)!;
    expect(duplicate.duplicateOfId).toBe(original.id);
    expect((await db.select().from(subscriptions).where(eq(subscriptions.id, original.id)))[0]?.status).toBe('active');
    expect((await db.select().from(subscriptions).where(eq(subscriptions.id, duplicate.id)))[0]?.status).toBe('canceled');
    expect(await hasAllAccess(db, user.id)).toBe(true);

    // The yearly invoice (the later one) is refunded in full at Stripe; the monthly is not.
    expect((await stripe.subscriptions.retrieve(duplicate.stripeSubscriptionId)).status).toBe('canceled');
    const refunded = await eventually(async () => {
      const row = (await db.select().from(payments).where(eq(payments.userId, user.id))).find((p) => p.status === 'refunded');
      return row ?? null;
    });
    expect(refunded).toMatchObject({ amount: 15000, amountRefunded: 15000 });
    expect((await stripe.refunds.list({ payment_intent: refunded.stripePaymentIntentId })).data.map((r) => r.amount)).toEqual([15000]);
    const others = (await db.select().from(payments).where(eq(payments.userId, user.id))).filter((p) => p.id !== refunded.id);
    expect(others.map((p) => [p.amount, p.status])).toEqual([[1500, 'succeeded']]);
    expect(await auditActions([duplicate.stripeSubscriptionId])).toContain('subscription.duplicate_canceled');
    expect((await db.select().from(outbox).where(and(eq(outbox.userId, user.id), eq(outbox.template, 'duplicate-payment-refunded'))))).toHaveLength(1);
  });
});
