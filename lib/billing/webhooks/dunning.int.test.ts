import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { mailboxMessages, outbox, plans, prices, stripeEvents, subscriptions, users } from '@/db/schema';
import { seedUser, uniqueSuffix } from '@/db/seed/factories';
import { deliverDueNotifications } from '@/lib/notifications/worker';
import { payHostedCheckout, setupSandbox } from '@/tests/support/billing-harness';
import { setupTestDb } from '@/tests/support/test-db';
import { control, eventually, settleDeliveries, setupWebhookReceiver } from '@/tests/support/webhook-harness';
import { createCheckoutSession } from '../checkout';
import { hasAllAccess } from '../course-access';

// A whole dunning timeline on the sandbox's test clock, with Stripe's retry schedule of the
// sandbox (3, 5, 7 days; cancel after the last attempt) and two webhook workers. Every
// message is asserted by its business key, and delivered by two outbox workers at once: each
// learner gets each message exactly once.

const getDb = setupTestDb();
const getStripe = setupSandbox();
setupWebhookReceiver(getDb, getStripe, { workers: 2 });
const DAY = 24 * 60 * 60;

async function subscriber(phone: string) {
  const { db } = getDb();
  const suffix = uniqueSuffix();
  const [plan] = await db.insert(plans).values({ slug: `all-access-${suffix}`, name: `All-Access ${suffix}`, description: 'Every course.' }).returning();
  await db.insert(prices).values({ planId: plan!.id, type: 'recurring', interval: 'month', currency: 'usd', unitAmount: 1500, lookupKey: `plan:${suffix}:usd:month` });
  const user = await seedUser(db, { phone, smsOptIn: true });
  const { url } = await createCheckoutSession(db, { id: user.id, email: user.email, name: user.name }, { kind: 'plan', planSlug: plan!.slug, interval: 'month', currency: 'usd', attemptId: randomUUID() });
  await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
  const sub = await eventually(async () => {
    const [row] = await db.select().from(subscriptions).where(eq(subscriptions.userId, user.id));
    return row?.status === 'active' ? row : null;
  });
  const { stripe, sandbox } = getStripe();
  const customer = (await stripe.subscriptions.retrieve(sub.stripeSubscriptionId)).customer as string;
  const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
  await stripe.subscriptions.update(sub.stripeSubscriptionId, { default_payment_method: failing.id });
  await settleDeliveries(sandbox);
  return { user, sub, customer };
}

const keysOf = async (userId: string) => (await getDb().db.select().from(outbox).where(eq(outbox.userId, userId))).map((m) => m.dedupeKey).sort();

async function advance(days: number) {
  const { sandbox } = getStripe();
  await control(sandbox, 'clock/advance', { seconds: days * DAY + 60 });
  await settleDeliveries(sandbox);
}

/** Two outbox workers drain the queue at once, as two app instances would. */
async function deliverWithTwoWorkers() {
  const { db } = getDb();
  for (;;) {
    const reports = await Promise.all([deliverDueNotifications(db, { limit: 5, workerId: 'w1' }), deliverDueNotifications(db, { limit: 5, workerId: 'w2' })]);
    if (reports.every((r) => r.claimed === 0)) return;
  }
}

describe('dunning on test clocks', () => {
  it('one learner recovers after two failed retries; another runs out of retries and loses access; each message once', async () => {
    const { db } = getDb();
    const { stripe } = getStripe();
    const recovering = await subscriber('+14155550111');
    const lapsing = await subscriber('+14155550122');

    // The renewal fails for both (attempt 1), then Stripe retries after 3 and 5 days.
    await advance(31);
    const invoiceOf = async (sub: { stripeSubscriptionId: string }) => (await stripe.subscriptions.retrieve(sub.stripeSubscriptionId)).latest_invoice as string;
    const recoveringInvoice = await invoiceOf(recovering.sub);
    const lapsingInvoice = await invoiceOf(lapsing.sub);
    await eventually(async () => (await keysOf(recovering.user.id)).includes(`payment-failed:${recoveringInvoice}:1`));
    await advance(3);
    await advance(5);
    await eventually(async () => (await keysOf(lapsing.user.id)).includes(`payment-failed:${lapsingInvoice}:3:sms`));

    // The first learner updates their card and pays the open invoice.
    const good = await stripe.paymentMethods.attach('pm_card_visa', { customer: recovering.customer });
    await stripe.subscriptions.update(recovering.sub.stripeSubscriptionId, { default_payment_method: good.id });
    await stripe.invoices.pay(recoveringInvoice);
    await settleDeliveries(getStripe().sandbox);
    await eventually(async () => (await keysOf(recovering.user.id)).includes(`recovered:${recoveringInvoice}`));

    // The second one's last retry fails 7 days later: Stripe cancels, access ends, a final notice.
    await advance(7);
    await eventually(async () => (await keysOf(lapsing.user.id)).includes(`subscription-ended:${lapsing.sub.stripeSubscriptionId}`));
    // Later clock movement (and any replayed event) adds nothing.
    await advance(2);

    expect(await keysOf(recovering.user.id)).toEqual(
      [
        `subscription-started:${recovering.sub.stripeSubscriptionId}`,
        ...[1, 2, 3].flatMap((n) => [`payment-failed:${recoveringInvoice}:${n}`, `payment-failed:${recoveringInvoice}:${n}:sms`]),
        `renewal:${recoveringInvoice}`,
        `recovered:${recoveringInvoice}`,
        `recovered:${recoveringInvoice}:sms`,
      ].sort(),
    );
    expect(await keysOf(lapsing.user.id)).toEqual(
      [
        `subscription-started:${lapsing.sub.stripeSubscriptionId}`,
        ...[1, 2, 3, 4].flatMap((n) => [`payment-failed:${lapsingInvoice}:${n}`, `payment-failed:${lapsingInvoice}:${n}:sms`]),
        `subscription-ended:${lapsing.sub.stripeSubscriptionId}`,
        `subscription-ended:${lapsing.sub.stripeSubscriptionId}:sms`,
      ].sort(),
    );
    const attempt2 = (await db.select().from(outbox).where(eq(outbox.dedupeKey, `payment-failed:${lapsingInvoice}:2`)))[0];
    expect(attempt2?.data).toMatchObject({ attempt: 2, attempts: 4, nextAttemptAt: expect.any(String), updateCardUrl: expect.stringContaining('/account/subscription') });
    const last = (await db.select().from(outbox).where(eq(outbox.dedupeKey, `payment-failed:${lapsingInvoice}:4`)))[0];
    expect(last?.data).toMatchObject({ attempt: 4, attempts: 4, nextAttemptAt: null });

    expect(await hasAllAccess(db, recovering.user.id)).toBe(true);
    expect(await hasAllAccess(db, lapsing.user.id)).toBe(false);

    // Delivered by two workers at once: one email or text per message, none twice.
    await deliverWithTwoWorkers();
    for (const learner of [recovering, lapsing]) {
      const [row] = await db.select({ email: users.email, phone: users.phone }).from(users).where(eq(users.id, learner.user.id));
      const delivered = await db.select().from(mailboxMessages).where(inArray(mailboxMessages.to, [row!.email, row!.phone!]));
      const queued = await db.select().from(outbox).where(and(eq(outbox.userId, learner.user.id), eq(outbox.status, 'sent')));
      expect(delivered).toHaveLength(queued.length);
      expect(queued).toHaveLength((await keysOf(learner.user.id)).length);
    }
    const failed = await db.select().from(stripeEvents).where(eq(stripeEvents.status, 'failed'));
    expect(failed.map((e) => `${e.type}: ${e.lastError}`)).toEqual([]);
  }, 120_000);
});
