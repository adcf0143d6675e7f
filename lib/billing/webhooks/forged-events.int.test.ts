import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { checkoutSessions, customers, stripeEvents } from '@/db/schema';
import { seedUser } from '@/db/seed/factories';
import { setupTestDb } from '@/tests/support/test-db';
import { setupSandbox, startCoursePurchase } from '@/tests/support/billing-harness';
import { eventually, settleDeliveries, setupWebhookReceiver } from '@/tests/support/webhook-harness';
import { ensureStripeCustomer } from '../customers';

// Issue "Safe to deploy", item 6: a validly signed event is only a signal. In demo mode the
// signing secret lives on the same machine as anyone who can read the repository, so a
// signature proves little: every handler re-reads the object from Stripe before changing
// local state, and a forged `customer.deleted` or `checkout.session.expired` changes nothing.

const getDb = setupTestDb();
const getStripe = setupSandbox();
const receiver = setupWebhookReceiver(getDb, getStripe);

/** Posts a correctly signed event that Stripe never sent, and waits until it is processed. */
async function postForged(type: string, object: Record<string, unknown>) {
  const id = `evt_forged_${randomUUID().replace(/-/g, '')}`;
  const body = JSON.stringify({ id, object: 'event', api_version: '2026-10-28.endive', created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object } });
  const response = await receiver().post(body, { 'stripe-signature': receiver().sign(body) });
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ received: true, status: 'queued' });
  await receiver().idle();
  const [row] = await getDb().db.select().from(stripeEvents).where(eq(stripeEvents.id, id));
  expect(row?.status).toBe('processed');
}

describe('signed events Stripe never sent change nothing', () => {
  it('customer.deleted for a live customer leaves it; the real deletion marks it', async () => {
    const { db } = getDb();
    const user = await seedUser(db);
    const stripeCustomerId = await ensureStripeCustomer(db, { id: user.id, email: user.email, name: user.name });
    const row = async () => (await db.select().from(customers).where(eq(customers.stripeCustomerId, stripeCustomerId)))[0]!;

    await postForged('customer.deleted', { id: stripeCustomerId, object: 'customer', deleted: true });
    expect((await row()).deletedAt).toBeNull();

    // The control: when Stripe really deletes it, the same pipeline marks it.
    await getStripe().stripe.customers.del(stripeCustomerId);
    await eventually(async () => (await row()).deletedAt !== null);
    await settleDeliveries(getStripe().sandbox);
  });

  it('checkout.session.expired for an open session leaves it open (still payable); the real expiry closes it', async () => {
    const { db } = getDb();
    const { sessionId } = await startCoursePurchase(db);
    const row = async () => (await db.select().from(checkoutSessions).where(eq(checkoutSessions.stripeCheckoutSessionId, sessionId)))[0]!;

    await postForged('checkout.session.expired', { id: sessionId, object: 'checkout.session', status: 'expired', payment_status: 'unpaid' });
    expect((await row()).status).toBe('open');

    await getStripe().stripe.checkout.sessions.expire(sessionId);
    await eventually(async () => (await row()).status === 'expired');
    await settleDeliveries(getStripe().sandbox);
  });
});
