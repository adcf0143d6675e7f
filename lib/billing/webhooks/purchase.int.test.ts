import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog, checkoutSessions, disputes, enrollments, outbox, payments, refunds, stripeEvents } from '@/db/schema';
import { setupTestDb } from '@/tests/support/test-db';
import { payHostedCheckout, setupSandbox, startCoursePurchase } from '@/tests/support/billing-harness';
import { fulfillCheckout } from '../fulfillment';
import { control, eventually, settleDeliveries, setupWebhookReceiver } from '@/tests/support/webhook-harness';

const getDb = setupTestDb();
const getStripe = setupSandbox();
const receiver = setupWebhookReceiver(getDb, getStripe);

/** A learner buys a course through hosted Checkout; resolves once the webhooks settled it. */
async function buyCourse(cardNumber = '4242424242424242') {
  const { db } = getDb();
  const { user, course, url, sessionId } = await startCoursePurchase(db);
  await payHostedCheckout(url, { method: 'card', cardNumber });
  const payment = await eventually(async () => {
    const [row] = await db.select().from(payments).where(eq(payments.userId, user.id));
    const [enrolled] = await db.select().from(enrollments).where(eq(enrollments.userId, user.id));
    return row?.status === 'succeeded' && row.cardLast4 && enrolled ? row : null;
  });
  await settleDeliveries(getStripe().sandbox);
  return { user, course, sessionId, payment };
}

// Every delivery of every test must end processed or ignored: a failure that Stripe would
// retry forever is a bug even when the assertions above happen to pass.
afterEach(async () => {
  await settleDeliveries(getStripe().sandbox);
  const failed = await getDb().db.select().from(stripeEvents).where(eq(stripeEvents.status, 'failed'));
  expect(failed.map((e) => `${e.type}: ${e.lastError}`)).toEqual([]);
  expect(receiver().answers.filter((status) => status !== 200)).toEqual([]);
});

async function enrollmentOf(userId: string) {
  const rows = await getDb().db.select().from(enrollments).where(eq(enrollments.userId, userId));
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe('a one-time purchase through signed webhooks', () => {
  it('ends with a succeeded payment (brand, last4, fee, net, receipt URL), one enrollment, one receipt', async () => {
    const { db } = getDb();
    const { user, course, payment } = await buyCourse();
    expect(payment).toMatchObject({ status: 'succeeded', amount: 4900, currency: 'usd', cardBrand: 'visa', cardLast4: '4242', courseId: course.id });
    expect(payment.fee).toBe(172); // 2.9% + 30¢ of $49.00
    expect(payment.net).toBe(4900 - 172);
    expect(payment.receiptUrl).toMatch(/\/receipts\/ch_/);
    expect(await enrollmentOf(user.id)).toMatchObject({ courseId: course.id, source: 'purchase', status: 'active', paymentId: payment.id });
    const messages = await db.select().from(outbox).where(eq(outbox.userId, user.id));
    expect(messages.map((m) => m.template)).toEqual(['purchase-receipt']);
    const events = await db.select().from(stripeEvents).where(eq(stripeEvents.objectId, payment.stripePaymentIntentId));
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.status === 'processed' || e.status === 'ignored')).toBe(true);
  });

  it('refunds partially (access kept) then fully (access revoked), one notice per refund', async () => {
    const { db } = getDb();
    const { stripe, sandbox } = getStripe();
    const { user, payment } = await buyCourse();

    const partial = await stripe.refunds.create({ payment_intent: payment.stripePaymentIntentId, amount: 1000 });
    await eventually(async () => {
      const [row] = await db.select().from(refunds).where(eq(refunds.stripeRefundId, partial.id));
      return row?.status === 'succeeded';
    });
    await settleDeliveries(sandbox);
    let [row] = await db.select().from(payments).where(eq(payments.id, payment.id));
    expect(row).toMatchObject({ status: 'partially_refunded', amountRefunded: 1000 });
    expect(await enrollmentOf(user.id)).toMatchObject({ status: 'active' });

    const rest = await stripe.refunds.create({ payment_intent: payment.stripePaymentIntentId });
    await eventually(async () => {
      const [r] = await db.select().from(refunds).where(eq(refunds.stripeRefundId, rest.id));
      return r?.status === 'succeeded';
    });
    await settleDeliveries(sandbox);
    [row] = await db.select().from(payments).where(eq(payments.id, payment.id));
    expect(row).toMatchObject({ status: 'refunded', amountRefunded: 4900 });
    expect(await enrollmentOf(user.id)).toMatchObject({ status: 'revoked', revokeReason: 'refunded' });

    const notices = await db.select().from(outbox).where(and(eq(outbox.userId, user.id), eq(outbox.template, 'refund-issued')));
    expect(notices.map((n) => n.dedupeKey).sort()).toEqual([`refund:${partial.id}`, `refund:${rest.id}`].sort());
    expect(notices.find((n) => n.dedupeKey === `refund:${rest.id}`)?.data).toMatchObject({ amount: 3900, accessKept: false });
    const audits = await db.select().from(auditLog).where(eq(auditLog.entityId, `${user.id}:${row!.courseId}`));
    expect(audits.map((a) => a.action)).toEqual(['enrollment.revoked']);
    expect(await db.$count(refunds, eq(refunds.paymentId, payment.id))).toBe(2);
  });

  it('a success-page reload after a full refund does not restore access', async () => {
    const { db } = getDb();
    const { stripe, sandbox } = getStripe();
    const { user, payment } = await buyCourse();
    const refund = await stripe.refunds.create({ payment_intent: payment.stripePaymentIntentId });
    await eventually(async () => (await db.select().from(refunds).where(eq(refunds.stripeRefundId, refund.id)))[0]?.status === 'succeeded');
    await settleDeliveries(sandbox);
    expect(await enrollmentOf(user.id)).toMatchObject({ status: 'revoked', revokeReason: 'refunded' });

    const [session] = await db.select().from(checkoutSessions).where(eq(checkoutSessions.userId, user.id));
    expect(await fulfillCheckout(db, session!.stripeCheckoutSessionId)).toMatchObject({ status: 'revoked' });
    expect(await enrollmentOf(user.id)).toMatchObject({ status: 'revoked', revokeReason: 'refunded' });
    expect(await db.$count(outbox, and(eq(outbox.userId, user.id), eq(outbox.template, 'purchase-receipt')))).toBe(1);
  });

  it('a full refund with keep_access=true keeps the enrollment', async () => {
    const { db } = getDb();
    const { stripe, sandbox } = getStripe();
    const { user, payment } = await buyCourse();
    const refund = await stripe.refunds.create({ payment_intent: payment.stripePaymentIntentId, metadata: { keep_access: 'true' } });
    await eventually(async () => {
      const [r] = await db.select().from(refunds).where(eq(refunds.stripeRefundId, refund.id));
      return r?.status === 'succeeded';
    });
    await settleDeliveries(sandbox);
    const [row] = await db.select().from(payments).where(eq(payments.id, payment.id));
    expect(row).toMatchObject({ status: 'refunded', amountRefunded: 4900 });
    expect(await enrollmentOf(user.id)).toMatchObject({ status: 'active' });
    const [notice] = await db.select().from(outbox).where(eq(outbox.dedupeKey, `refund:${refund.id}`));
    expect(notice?.data).toMatchObject({ accessKept: true });
  });

  it('a dispute opened then lost charges the payment back and revokes access', async () => {
    const { db } = getDb();
    const { sandbox } = getStripe();
    const { user, payment } = await buyCourse();
    const opened = await control<{ id: string }>(sandbox, `charges/${payment.stripeChargeId}/dispute`, { reason: 'fraudulent' });
    await eventually(async () => (await db.select().from(payments).where(eq(payments.id, payment.id)))[0]?.status === 'disputed');
    await settleDeliveries(sandbox);
    expect(await enrollmentOf(user.id)).toMatchObject({ status: 'active' });

    await control(sandbox, `disputes/${opened.id}/close`, { outcome: 'lost' });
    await eventually(async () => (await db.select().from(payments).where(eq(payments.id, payment.id)))[0]?.status === 'charged_back');
    await settleDeliveries(sandbox);
    const [dispute] = await db.select().from(disputes).where(eq(disputes.stripeDisputeId, opened.id));
    expect(dispute).toMatchObject({ status: 'lost', amount: 4900, reason: 'fraudulent', paymentId: payment.id });
    expect(dispute?.closedAt).toBeInstanceOf(Date);
    expect(await enrollmentOf(user.id)).toMatchObject({ status: 'revoked', revokeReason: 'dispute_lost' });
    const actions = (await db.select().from(auditLog).where(eq(auditLog.entityId, opened.id))).map((a) => a.action).sort();
    expect(actions).toEqual(['dispute.closed', 'dispute.opened']);
  });

  it('a dispute that is won restores the payment and keeps access', async () => {
    const { db } = getDb();
    const { sandbox } = getStripe();
    const { user, payment } = await buyCourse();
    const opened = await control<{ id: string }>(sandbox, `charges/${payment.stripeChargeId}/dispute`, {});
    await eventually(async () => (await db.select().from(payments).where(eq(payments.id, payment.id)))[0]?.status === 'disputed');
    await control(sandbox, `disputes/${opened.id}/close`, { outcome: 'won' });
    await eventually(async () => (await db.select().from(disputes).where(eq(disputes.stripeDisputeId, opened.id)))[0]?.status === 'won');
    await settleDeliveries(sandbox);
    const [row] = await db.select().from(payments).where(eq(payments.id, payment.id));
    expect(row?.status).toBe('succeeded');
    expect(await enrollmentOf(user.id)).toMatchObject({ status: 'active' });
  });

  it('a failed bank debit marks the payment failed, grants nothing and sends one bank-failed notice', async () => {
    const { db } = getDb();
    const { sandbox } = getStripe();
    const { user, url, sessionId } = await startCoursePurchase(db);
    await payHostedCheckout(url, { method: 'us_bank_account', accountNumber: '000111111113' });
    const processing = await eventually(async () => {
      const [row] = await db.select().from(payments).where(eq(payments.userId, user.id));
      return row?.status === 'processing' ? row : null;
    });
    await settleDeliveries(sandbox);
    await control(sandbox, `payment_intents/${processing.stripePaymentIntentId}/settle`, {});
    await eventually(async () => (await db.select().from(outbox).where(eq(outbox.dedupeKey, `bank-failed:${processing.stripePaymentIntentId}`))).length === 1);
    await settleDeliveries(sandbox);
    const [row] = await db.select().from(payments).where(eq(payments.id, processing.id));
    expect(row).toMatchObject({ status: 'failed', paymentMethodType: 'us_bank_account' });
    expect(row?.failureCode).toBeTruthy();
    expect(await db.$count(enrollments, eq(enrollments.userId, user.id))).toBe(0);
    const templates = (await db.select().from(outbox).where(eq(outbox.userId, user.id))).map((m) => m.template).sort();
    expect(templates).toEqual(['bank-payment-failed', 'bank-payment-processing']);
    expect(sessionId).toMatch(/^cs_/);
  });
});
