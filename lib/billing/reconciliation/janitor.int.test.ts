import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { checkoutSessions, payments } from '@/db/schema';
import { payHostedCheckout, setupSandbox, startCoursePurchase } from '@/tests/support/billing-harness';
import { setupTestDb } from '@/tests/support/test-db';
import { control, eventually, settleDeliveries, setupWebhookReceiver } from '@/tests/support/webhook-harness';
import { runJanitor } from './janitor';

const handle = setupTestDb();
const getStripe = setupSandbox();
setupWebhookReceiver(handle, getStripe);

const HOURS = 60 * 60_000;

afterEach(async () => {
  await control(getStripe().sandbox, 'webhooks/resume');
  await settleDeliveries(getStripe().sandbox);
});

describe('janitor', () => {
  it('settles an abandoned 3-D Secure payment that Stripe canceled while webhooks were lost', async () => {
    const { db } = handle();
    const { stripe, sandbox } = getStripe();
    const { user, url } = await startCoursePurchase(db);
    await payHostedCheckout(url, { method: 'card', cardNumber: '4000002760003184' });
    const stuck = await eventually(async () => (await db.select().from(payments).where(eq(payments.userId, user.id)))[0]);
    await eventually(async () => (await db.select().from(payments).where(eq(payments.id, stuck.id)))[0]?.status === 'requires_action');
    await settleDeliveries(sandbox);

    await control(sandbox, 'webhooks/pause');
    await stripe.paymentIntents.cancel(stuck.stripePaymentIntentId);

    // Within the threshold nothing is asked; after it, the payment converges to Stripe's state.
    expect(await runJanitor(db, { now: new Date(Date.now() + 10 * 60_000) })).toMatchObject({ payments: 0 });
    expect((await db.select().from(payments).where(eq(payments.id, stuck.id)))[0]?.status).toBe('requires_action');
    expect(await runJanitor(db, { now: new Date(Date.now() + 2 * HOURS) })).toMatchObject({ payments: 1, failed: 0 });
    expect((await db.select().from(payments).where(eq(payments.id, stuck.id)))[0]?.status).toBe('canceled');
  });

  it('closes a Checkout session left open past its expiry', async () => {
    const { db } = handle();
    const { stripe, sandbox } = getStripe();
    const { sessionId } = await startCoursePurchase(db);
    await control(sandbox, 'webhooks/pause');
    await stripe.checkout.sessions.expire(sessionId);
    const [row] = await db.select().from(checkoutSessions).where(eq(checkoutSessions.stripeCheckoutSessionId, sessionId));
    expect(row?.status).toBe('open');
    const now = new Date(row!.expiresAt!.getTime() + HOURS);
    // The first test's session (still open in Stripe) is past this `now` too, and re-checked.
    const first = await runJanitor(db, { now });
    expect(first).toMatchObject({ failed: 0 });
    expect(first.sessions).toBeGreaterThanOrEqual(1);
    const [after] = await db.select().from(checkoutSessions).where(eq(checkoutSessions.stripeCheckoutSessionId, sessionId));
    expect(after?.status).toBe('expired');
    // An expired session leaves the scan; sessions Stripe still holds open stay in it.
    expect((await runJanitor(db, { now })).sessions).toBe(first.sessions - 1);
  });
});
