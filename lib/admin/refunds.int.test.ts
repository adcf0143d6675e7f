import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, enrollments, payments, refunds } from '@/db/schema';
import { seedUser } from '@/db/seed/factories';
import { ActionRefusal } from '@/lib/actions/refusal';
import { payHostedCheckout, setupSandbox, startCoursePurchase } from '@/tests/support/billing-harness';
import { setupTestDb } from '@/tests/support/test-db';
import { eventually, settleDeliveries, setupWebhookReceiver } from '@/tests/support/webhook-harness';
import { refundPayment } from './refunds';

// Refunds from the dashboard against the real sandbox, with the webhook path running: the
// result arrives like any refund, a double submit refunds once, and bad requests change nothing.

const getDb = setupTestDb();
const getStripe = setupSandbox();
setupWebhookReceiver(getDb, getStripe);

async function boughtCourse() {
  const { db } = getDb();
  const { user, url } = await startCoursePurchase(db);
  await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
  const payment = await eventually(async () => {
    const [row] = await db.select().from(payments).where(eq(payments.userId, user.id));
    const [enrolled] = await db.select().from(enrollments).where(eq(enrollments.userId, user.id));
    return row?.status === 'succeeded' && enrolled ? row : null;
  });
  await settleDeliveries(getStripe().sandbox);
  return { user, payment };
}

async function adminActor() {
  const admin = await seedUser(getDb().db, { role: 'admin' });
  return { id: admin.id, email: admin.email };
}

describe('refunds from the dashboard', () => {
  it('a partial refund keeping access, submitted twice at once, refunds once and settles through the webhook', async () => {
    const { db } = getDb();
    const { payment } = await boughtCourse();
    const admin = await adminActor();
    const input = { paymentId: payment.id, amount: '10.00', reason: 'requested_by_customer', access: 'keep', attemptId: randomUUID(), note: 'Late delivery' };
    const [first, second] = await Promise.all([refundPayment(db, admin, input), refundPayment(db, admin, input)]);
    expect(first.stripeRefundId).toBe(second.stripeRefundId);
    const atStripe = await getStripe().stripe.refunds.list({ payment_intent: payment.stripePaymentIntentId });
    expect(atStripe.data).toHaveLength(1);
    expect(atStripe.data[0]).toMatchObject({ amount: 1000, metadata: { keep_access: 'true' } });

    const settled = await eventually(async () => {
      const [row] = await db.select().from(payments).where(eq(payments.id, payment.id));
      return row?.status === 'partially_refunded' ? row : null;
    });
    expect(settled.amountRefunded).toBe(1000);
    const rows = await db.select().from(refunds).where(eq(refunds.paymentId, payment.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'succeeded', requestedByUserId: admin.id, revokeAccess: false, idempotencyKey: `refund:${payment.id}:${input.attemptId}` });
    const [enrollment] = await db.select().from(enrollments).where(eq(enrollments.paymentId, payment.id));
    expect(enrollment?.status).toBe('active');
    const audits = await db.select().from(auditLog).where(eq(auditLog.entityId, payment.id));
    expect(audits.filter((a) => a.action === 'refund.requested')).toHaveLength(1);

    // The same form submitted again later still refunds once.
    expect((await refundPayment(db, admin, input)).repeated).toBe(true);
    expect((await getStripe().stripe.refunds.list({ payment_intent: payment.stripePaymentIntentId })).data).toHaveLength(1);
    await settleDeliveries(getStripe().sandbox);
  });

  it('a full refund revokes access by default once Stripe confirms it', async () => {
    const { db } = getDb();
    const { payment } = await boughtCourse();
    await refundPayment(db, await adminActor(), { paymentId: payment.id, amount: String(payment.amount / 100), reason: 'duplicate', access: 'revoke', attemptId: randomUUID() });
    const enrollment = await eventually(async () => {
      const [row] = await db.select().from(enrollments).where(eq(enrollments.paymentId, payment.id));
      return row?.status === 'revoked' ? row : null;
    });
    expect(enrollment.revokedAt).not.toBeNull();
    await settleDeliveries(getStripe().sandbox);
  });

  it('refuses more than is left, or a made-up payment, and changes nothing', async () => {
    const { db } = getDb();
    const { payment } = await boughtCourse();
    const admin = await adminActor();
    await expect(refundPayment(db, admin, { paymentId: payment.id, amount: '1000', reason: 'duplicate', access: 'keep', attemptId: randomUUID() })).rejects.toThrow(/At most \$49\.00 can still be refunded/);
    await expect(refundPayment(db, admin, { paymentId: randomUUID(), amount: '1', reason: 'duplicate', access: 'keep', attemptId: randomUUID() })).rejects.toBeInstanceOf(ActionRefusal);
    await expect(refundPayment(db, admin, { paymentId: payment.id, amount: '1', reason: 'because', access: 'keep', attemptId: randomUUID() })).rejects.toThrow(/Choose a reason/);
    expect((await getStripe().stripe.refunds.list({ payment_intent: payment.stripePaymentIntentId })).data).toHaveLength(0);
    expect(await db.select().from(refunds).where(eq(refunds.paymentId, payment.id))).toHaveLength(0);
  });
});
