import { and, eq, inArray } from 'drizzle-orm';
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { auditLog, checkoutSessions, enrollments, outbox, payments, refunds, stripeEvents } from '@/db/schema';
import { setupTestDb } from '@/tests/support/test-db';
import { payHostedCheckout, setupSandbox, startCoursePurchase } from '@/tests/support/billing-harness';
import { stripeEventHandlers } from './dispatch';
import type { WebhookHandlers } from './types';
import { control, eventually, settleDeliveries, setupWebhookReceiver } from '@/tests/support/webhook-harness';

const getDb = setupTestDb();
const getStripe = setupSandbox();
const receiver = setupWebhookReceiver(getDb, getStripe);

const startPurchase = () => startCoursePurchase(getDb().db);

async function heldEventIds(): Promise<string[]> {
  const response = await fetch(`${getStripe().sandbox.url}/_sandbox/deliveries?status=pending`);
  const { data } = (await response.json()) as { data: { eventId: string; createdAt: number }[] };
  return data.sort((a, b) => a.createdAt - b.createdAt).map((d) => d.eventId);
}

/** The held events of one Checkout session's purchase (its session and its intent). */
async function heldEventsOf(sessionId: string): Promise<Stripe.Event[]> {
  const { stripe } = getStripe();
  const events = await Promise.all((await heldEventIds()).map((id) => stripe.events.retrieve(id)));
  const session = await stripe.checkout.sessions.retrieve(sessionId);
  const mine = new Set([sessionId, typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id]);
  return events.filter((e) => {
    const object = e.data.object as { id?: string; payment_intent?: string | null };
    return mine.has(object.id) || mine.has(object.payment_intent ?? undefined);
  });
}

/** The state a learner and an operator rely on after a paid purchase, however events arrived. */
async function expectOnePaidPurchase(userId: string, courseId: string) {
  const { db } = getDb();
  const paid = await db.select().from(payments).where(eq(payments.userId, userId));
  expect(paid).toHaveLength(1);
  expect(paid[0]).toMatchObject({ status: 'succeeded', amount: 4900, amountRefunded: 0, cardLast4: '4242', cardBrand: 'visa', courseId });
  const enrolled = await db.select().from(enrollments).where(eq(enrollments.userId, userId));
  expect(enrolled.map((e) => [e.courseId, e.source, e.status])).toEqual([[courseId, 'purchase', 'active']]);
  const messages = await db.select().from(outbox).where(eq(outbox.userId, userId));
  expect(messages.map((m) => m.template)).toEqual(['purchase-receipt']);
  return paid[0]!;
}

async function eventsFor(ids: string[]) {
  return getDb().db.select().from(stripeEvents).where(inArray(stripeEvents.id, ids)).orderBy(stripeEvents.id);
}

/**
 * Waits until Stripe has emitted (and we have processed) the event that shows the refund
 * settled: `refund.created` already `succeeded` for a test card (Stripe refunds those at
 * once), or a later `refund.updated` for the asynchronous cases.
 */
async function refundSettled(refundId: string) {
  const { stripe, sandbox } = getStripe();
  await eventually(async () =>
    (await stripe.events.list({ type: 'refund.*', limit: 100 })).data.some((e) => {
      const refund = e.data.object as { id: string; status?: string };
      return refund.id === refundId && refund.status === 'succeeded';
    }),
  );
  await settleDeliveries(sandbox);
}

describe('duplicates, reordering and concurrency', () => {
  it('the same events delivered 5 times each change nothing after the first', async () => {
    const { db } = getDb();
    const { sandbox, stripe } = getStripe();
    const { user, course, url } = await startPurchase();
    await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
    const payment = await eventually(async () => (await db.select().from(payments).where(and(eq(payments.userId, user.id), eq(payments.status, 'succeeded'))))[0]);
    await settleDeliveries(sandbox);
    const refund = await stripe.refunds.create({ payment_intent: payment.stripePaymentIntentId, amount: 1500 });
    await eventually(async () => (await db.select().from(refunds).where(eq(refunds.stripeRefundId, refund.id)))[0]?.status === 'succeeded');
    await refundSettled(refund.id);

    const flow = await db.select({ id: stripeEvents.id }).from(stripeEvents);
    const before = await eventsFor(flow.map((e) => e.id));
    const auditBefore = await db.select().from(auditLog).orderBy(auditLog.id);
    for (const { id } of flow) await control(sandbox, `events/${id}/redeliver`, { count: 5 });
    await settleDeliveries(sandbox);

    const after = await eventsFor(flow.map((e) => e.id));
    expect(after.map((e) => [e.id, e.status, e.attempts])).toEqual(before.map((e) => [e.id, e.status, e.attempts]));
    const [row] = await db.select().from(payments).where(eq(payments.id, payment.id));
    expect(row).toMatchObject({ status: 'partially_refunded', amountRefunded: 1500 });
    expect(await db.$count(refunds, eq(refunds.paymentId, payment.id))).toBe(1);
    expect((await db.select().from(outbox).where(eq(outbox.userId, user.id))).map((m) => m.template).sort()).toEqual(['purchase-receipt', 'refund-issued']);
    expect(await db.$count(enrollments, and(eq(enrollments.userId, user.id), eq(enrollments.courseId, course.id)))).toBe(1);
    // The refund may be seen pending before it settles (two real changes, two rows); the
    // duplicates add none.
    expect(await db.select().from(auditLog).orderBy(auditLog.id)).toEqual(auditBefore);
    const refundAudits = await db.select().from(auditLog).where(eq(auditLog.entityId, refund.id));
    expect(refundAudits.filter((a) => a.action === 'refund.succeeded')).toHaveLength(1);
  });

  it('a purchase and a full refund whose events arrive newest first converge on the same state', async () => {
    const { db } = getDb();
    const { sandbox, stripe } = getStripe();
    const { user, course, url } = await startPurchase();
    await control(sandbox, 'webhooks/pause');
    await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
    const intentId = await eventually(async () => (await stripe.paymentIntents.list({ limit: 100 })).data.find((pi) => pi.metadata.user_id === user.id && pi.status === 'succeeded')?.id);
    const refund = await stripe.refunds.create({ payment_intent: intentId });
    await eventually(async () => (await stripe.refunds.retrieve(refund.id)).status === 'succeeded');
    const held = await heldEventIds();
    expect(held.length).toBeGreaterThanOrEqual(6);
    await control(sandbox, 'webhooks/resume', { order: 'reverse' });
    await settleDeliveries(sandbox);

    const processed = await eventsFor(held);
    expect(processed.every((e) => e.status === 'processed' || e.status === 'ignored')).toBe(true);
    const [payment] = await db.select().from(payments).where(eq(payments.userId, user.id));
    expect(payment).toMatchObject({ status: 'refunded', amountRefunded: 4900, cardLast4: '4242', courseId: course.id });
    const enrolled = await db.select().from(enrollments).where(eq(enrollments.userId, user.id));
    expect(enrolled.map((e) => [e.status, e.revokeReason])).toEqual([['revoked', 'refunded']]);
    const templates = (await db.select().from(outbox).where(eq(outbox.userId, user.id))).map((m) => m.dedupeKey).sort();
    expect(templates).toEqual([`receipt:${intentId}`, `refund:${refund.id}`].sort());
  });

  it('the same signed event posted 10 times at once is applied once', async () => {
    const { db } = getDb();
    const { sandbox } = getStripe();
    const { user, course, url, sessionId } = await startPurchase();
    await control(sandbox, 'webhooks/pause');
    await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
    const events = await heldEventsOf(sessionId);
    const completed = events.find((e) => e.type === 'checkout.session.completed');
    const succeeded = events.find((e) => e.type === 'payment_intent.succeeded');
    expect(completed && succeeded).toBeTruthy();

    const postTenTimes = (event: Stripe.Event) => {
      const body = JSON.stringify(event);
      return Promise.all(Array.from({ length: 10 }, () => receiver().post(body, { 'stripe-signature': receiver().sign(body) })));
    };
    const answers = await Promise.all([postTenTimes(succeeded!), postTenTimes(completed!)]);
    expect(answers.flat().map((r) => r.status)).toEqual(Array(20).fill(200));
    const bodies = await Promise.all(answers.flat().map((r) => r.json() as Promise<{ status: string; duplicate: boolean }>));
    expect(bodies.filter((b) => !b.duplicate)).toHaveLength(2);
    expect(bodies.every((b) => b.status === 'queued')).toBe(true);

    await control(sandbox, 'webhooks/resume');
    await settleDeliveries(sandbox);
    await expectOnePaidPurchase(user.id, course.id);
    const rows = await eventsFor([completed!.id, succeeded!.id]);
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['processed', 1],
      ['processed', 1],
    ]);
    const [session] = await db.select().from(checkoutSessions).where(eq(checkoutSessions.stripeCheckoutSessionId, sessionId));
    expect(session?.fulfilledAt).toBeInstanceOf(Date);
  });

  it('processing that throws after writing rolls back every effect; the worker retries the event and it succeeds', async () => {
    const { sandbox } = getStripe();
    const { user, course, url, sessionId } = await startPurchase();
    let failures = 0;
    // The real fulfillment runs and writes its enrollment and receipt, then the handler fails once.
    const completedHandler = stripeEventHandlers['checkout.session.completed']!;
    const failing: WebhookHandlers = {
      ...stripeEventHandlers,
      'checkout.session.completed': {
        targets: completedHandler.targets,
        after: async (tx, event, outcomes, ctx) => {
          const line = (await completedHandler.after?.(tx, event, outcomes, ctx)) ?? null;
          if (failures++ === 0) throw new Error('handler exploded after writing');
          return line;
        },
      },
    };
    receiver().setHandlers(failing);
    try {
      await control(sandbox, 'webhooks/pause');
      await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
      const events = await heldEventsOf(sessionId);
      const completed = events.find((e) => e.type === 'checkout.session.completed')!;
      const body = JSON.stringify(completed);
      // Acknowledged at once: the failure happens later, in the worker, never in Stripe's request.
      const first = await receiver().post(body, { 'stripe-signature': receiver().sign(body) });
      expect(first.status).toBe(200);
      expect(await first.json()).toMatchObject({ received: true, duplicate: false, status: 'queued' });
      await eventually(async () => failures >= 2);
      await receiver().idle();
      const [done] = await eventsFor([completed.id]);
      expect(done).toMatchObject({ status: 'processed', attempts: 2, lastError: null });
      await control(sandbox, 'webhooks/resume');
      await settleDeliveries(sandbox);
      await expectOnePaidPurchase(user.id, course.id);
      // The failed attempt left nothing behind: one enrollment, one receipt (checked above).
    } finally {
      receiver().setHandlers(undefined);
    }
  });

  it('an event whose processing keeps failing is retried with backoff, then parked as dead with nothing applied', async () => {
    const { db } = getDb();
    const { sandbox } = getStripe();
    const { user, url, sessionId } = await startPurchase();
    const completedHandler = stripeEventHandlers['checkout.session.completed']!;
    receiver().setHandlers({
      ...stripeEventHandlers,
      'checkout.session.completed': {
        targets: completedHandler.targets,
        after: async () => {
          throw new Error('always broken');
        },
      },
    });
    try {
      await control(sandbox, 'webhooks/pause');
      await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
      const completed = (await heldEventsOf(sessionId)).find((e) => e.type === 'checkout.session.completed')!;
      const body = JSON.stringify(completed);
      expect((await receiver().post(body, { 'stripe-signature': receiver().sign(body) })).status).toBe(200);
      const dead = await eventually(async () => {
        const [row] = await eventsFor([completed.id]);
        return row?.status === 'dead' ? row : undefined;
      });
      expect(dead.attempts).toBeGreaterThanOrEqual(3);
      expect(dead.lastError).toContain('always broken');
      expect(await db.$count(enrollments, eq(enrollments.userId, user.id))).toBe(0);
      expect(await db.$count(outbox, eq(outbox.userId, user.id))).toBe(0);
    } finally {
      receiver().setHandlers(undefined);
      await control(sandbox, 'webhooks/resume');
      await settleDeliveries(sandbox);
    }
  });
});
