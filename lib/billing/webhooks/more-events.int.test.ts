import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { checkoutSessions, customers, enrollments, outbox, paymentMethods, payments, refunds, stripeEvents } from '@/db/schema';
import { seedUser } from '@/db/seed/factories';
import { setupTestDb } from '@/tests/support/test-db';
import { payHostedCheckout, setupSandbox, startCoursePurchase } from '@/tests/support/billing-harness';
import { ensureStripeCustomer } from '../customers';
import { enforcePurchaseAccess } from '../sync/access';
import { requeueStripeEvent } from '@/db/queries/stripe-events';
import { control, eventually, expectNoFailedEventsAfterEach, settleDeliveries, setupWebhookReceiver } from '@/tests/support/webhook-harness';

const getDb = setupTestDb();
const getStripe = setupSandbox();
const receiver = setupWebhookReceiver(getDb, getStripe);

expectNoFailedEventsAfterEach(getDb, getStripe);

const startPurchase = () => startCoursePurchase(getDb().db);

const paymentOf = async (userId: string) => (await getDb().db.select().from(payments).where(eq(payments.userId, userId)))[0];

/** Posts the sandbox's 3-D Secure challenge form and follows it back to Checkout. */
async function answerChallenge(location: string, result: 'complete' | 'fail') {
  const base = getStripe().sandbox.url;
  const response = await fetch(new URL(location, base), { method: 'POST', body: `result=${result}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
  await fetch(new URL(response.headers.get('location')!, base), { redirect: 'manual' });
}

describe('more of the payment lifecycle through signed webhooks', () => {
  it('a decline, a failed 3-D Secure challenge, then a completed one: failed → requires_action → succeeded, one grant', async () => {
    const { db } = getDb();
    const { sandbox } = getStripe();
    const { user, course, url } = await startPurchase();
    await payHostedCheckout(url, { method: 'card', cardNumber: '4000000000000002' });
    const declined = await eventually(async () => ((await paymentOf(user.id))?.status === 'failed' ? paymentOf(user.id) : null));
    expect(declined).toMatchObject({ failureCode: 'generic_decline', failureMessage: 'Your card was declined.' });
    await settleDeliveries(sandbox);

    const first = await payHostedCheckout(url, { method: 'card', cardNumber: '4000002500003155' });
    await eventually(async () => (await paymentOf(user.id))?.status === 'requires_action');
    await answerChallenge(first.location!, 'fail');
    await settleDeliveries(sandbox);
    const second = await payHostedCheckout(url, { method: 'card', cardNumber: '4000002500003155' });
    await answerChallenge(second.location!, 'complete');
    const paid = await eventually(async () => {
      const row = await paymentOf(user.id);
      const enrolled = await db.$count(enrollments, eq(enrollments.userId, user.id));
      return row?.status === 'succeeded' && enrolled === 1 ? row : null;
    });
    await settleDeliveries(sandbox);
    expect(paid).toMatchObject({ cardLast4: '3155', courseId: course.id, amount: 4900 });
    expect(await db.$count(payments, eq(payments.userId, user.id))).toBe(1);
    expect((await db.select().from(outbox).where(eq(outbox.userId, user.id))).map((m) => m.template)).toEqual(['purchase-receipt']);
  });

  it('a bank debit: processing (no access yet), then settled: succeeded, enrolled, one receipt', async () => {
    const { db } = getDb();
    const { sandbox } = getStripe();
    const { user, course, url } = await startPurchase();
    await payHostedCheckout(url, { method: 'us_bank_account', accountNumber: '000123456789' });
    const processing = await eventually(async () => {
      const row = await paymentOf(user.id);
      return row?.status === 'processing' ? row : null;
    });
    await settleDeliveries(sandbox);
    expect(await db.$count(enrollments, eq(enrollments.userId, user.id))).toBe(0);
    await control(sandbox, `payment_intents/${processing.stripePaymentIntentId}/settle`, {});
    await eventually(async () => (await db.$count(enrollments, eq(enrollments.userId, user.id))) === 1);
    await settleDeliveries(sandbox);
    expect(await paymentOf(user.id)).toMatchObject({ status: 'succeeded', paymentMethodType: 'us_bank_account', cardLast4: '6789', courseId: course.id });
    const templates = (await db.select().from(outbox).where(eq(outbox.userId, user.id))).map((m) => m.template).sort();
    expect(templates).toEqual(['bank-payment-processing', 'purchase-receipt']);
  });

  it('a refund that fails gives the money back to the payment: succeeded again, access kept or given back', async () => {
    const { db } = getDb();
    const { sandbox, stripe } = getStripe();
    const { user, url } = await startPurchase();
    await payHostedCheckout(url, { method: 'card', cardNumber: '4000000000005126' });
    const paid = await eventually(async () => {
      const row = await paymentOf(user.id);
      return row?.status === 'succeeded' && (await db.$count(enrollments, eq(enrollments.userId, user.id))) === 1 ? row : null;
    });
    const refund = await stripe.refunds.create({ payment_intent: paid.stripePaymentIntentId });
    await eventually(async () => (await db.select().from(refunds).where(eq(refunds.stripeRefundId, refund.id)))[0]?.status === 'failed');
    await settleDeliveries(sandbox);
    const [row] = await db.select().from(refunds).where(eq(refunds.stripeRefundId, refund.id));
    expect(row?.failureReason).toBe('expired_or_canceled_card');
    expect(await paymentOf(user.id)).toMatchObject({ status: 'succeeded', amountRefunded: 0 });
    expect((await db.select().from(enrollments).where(eq(enrollments.userId, user.id)))[0]?.status).toBe('active');
    // Stripe reports a 5126 refund as succeeded first and failed later: whether the worker saw the
    // succeeded state (and so revoked access, reinstated above, and sent a refund notice) depends
    // on timing. Never more than one notice, and never a second receipt.
    const templates = (await db.select().from(outbox).where(eq(outbox.userId, user.id))).map((m) => m.template).sort();
    expect([['purchase-receipt'], ['purchase-receipt', 'refund-issued']]).toContainEqual(templates);
  });

  it('access a refund took away comes back when that refund fails; an admin’s revocation stays', async () => {
    const { db } = getDb();
    const { user, url } = await startPurchase();
    await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
    const paid = await eventually(async () => {
      const row = await paymentOf(user.id);
      return row?.status === 'succeeded' && (await db.$count(enrollments, eq(enrollments.userId, user.id))) === 1 ? row : null;
    });
    await settleDeliveries(getStripe().sandbox);
    // The state after the worker saw a full refund succeed, before Stripe said it failed.
    await db.update(enrollments).set({ status: 'revoked', revokeReason: 'refunded', revokedAt: new Date() }).where(eq(enrollments.userId, user.id));
    expect(await enforcePurchaseAccess(db, paid.id, { eventId: null })).toMatchObject({ revoked: false, accessKept: true });
    expect((await db.select().from(enrollments).where(eq(enrollments.userId, user.id)))[0]).toMatchObject({ status: 'active', revokeReason: null });
    // Revoked by an admin: no refund explains it, so nothing gives it back.
    await db.update(enrollments).set({ status: 'revoked', revokeReason: 'revoked', revokedAt: new Date() }).where(eq(enrollments.userId, user.id));
    await enforcePurchaseAccess(db, paid.id, { eventId: null });
    expect((await db.select().from(enrollments).where(eq(enrollments.userId, user.id)))[0]?.status).toBe('revoked');
  });

  it('an expired Checkout session is marked expired', async () => {
    const { db } = getDb();
    const { stripe } = getStripe();
    const { sessionId } = await startPurchase();
    await stripe.checkout.sessions.expire(sessionId);
    await eventually(async () => (await db.select().from(checkoutSessions).where(eq(checkoutSessions.stripeCheckoutSessionId, sessionId)))[0]?.status === 'expired');
  });

  it('payment methods are mirrored (brand, last4, expiry, default) and detached, never a card number', async () => {
    const { db } = getDb();
    const { stripe, sandbox } = getStripe();
    const user = await seedUser(db);
    const customerId = await ensureStripeCustomer(db, { id: user.id, email: user.email, name: user.name });
    const visa = await stripe.paymentMethods.attach('pm_card_visa', { customer: customerId });
    const mastercard = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: customerId });
    await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: mastercard.id } });
    await eventually(async () => (await db.select().from(paymentMethods).where(and(eq(paymentMethods.userId, user.id), eq(paymentMethods.isDefault, true))))[0]);
    await stripe.paymentMethods.detach(visa.id);
    await eventually(async () => (await db.select().from(paymentMethods).where(eq(paymentMethods.stripePaymentMethodId, visa.id)))[0]?.detachedAt);
    await settleDeliveries(sandbox);

    const rows = await db.select().from(paymentMethods).where(eq(paymentMethods.userId, user.id)).orderBy(paymentMethods.brand);
    expect(rows.map((r) => [r.brand, r.last4, r.type, r.isDefault, r.detachedAt !== null])).toEqual([
      ['mastercard', '4444', 'card', true, false],
      ['visa', '4242', 'card', false, true],
    ]);
    expect(rows[0]?.expMonth).toBeGreaterThanOrEqual(1);
    expect(rows[0]?.expYear).toBeGreaterThan(2025);
    expect(JSON.stringify(rows)).not.toMatch(/4242424242424242|5555555555554444/);
    const [customer] = await db.select().from(customers).where(eq(customers.userId, user.id));
    expect(customer?.defaultPaymentMethodId).toBe(mastercard.id);

    await stripe.customers.del(customerId);
    await eventually(async () => (await db.select().from(customers).where(eq(customers.userId, user.id)))[0]?.deletedAt);
  });

  it('an admin replay re-runs a processed event without a second effect', async () => {
    const { db } = getDb();
    const { sandbox } = getStripe();
    const { user, url } = await startPurchase();
    await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
    await eventually(async () => (await db.$count(enrollments, eq(enrollments.userId, user.id))) === 1);
    await settleDeliveries(sandbox);
    const payment = (await paymentOf(user.id))!;
    const [completed] = await db
      .select()
      .from(stripeEvents)
      .where(and(eq(stripeEvents.type, 'payment_intent.succeeded'), eq(stripeEvents.objectId, payment.stripePaymentIntentId)));
    const queued = await requeueStripeEvent(db, completed!.id);
    expect(queued?.status).toBe('received');
    await receiver().idle();
    const [after] = await db.select().from(stripeEvents).where(eq(stripeEvents.id, completed!.id));
    expect(after).toMatchObject({ status: 'processed', attempts: 1, lastError: null });
    expect(await db.$count(payments, eq(payments.userId, user.id))).toBe(1);
    expect(await db.$count(outbox, eq(outbox.userId, user.id))).toBe(1);
  });
});
