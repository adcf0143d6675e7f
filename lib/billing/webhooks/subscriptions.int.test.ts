import { randomUUID } from 'node:crypto';
import { and, eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, invoices, outbox, payments, plans, prices, stripeEvents, subscriptions, users } from '@/db/schema';
import { takeReadTicket } from '@/db/queries/stripe-events';
import { applyInvoice, readInvoice } from '../sync/invoices';
import { applyPayment, readPayment } from '../sync/payments';
import { StripeSnapshotReader } from '../sync/reader';
import { seedUser, uniqueSuffix } from '@/db/seed/factories';
import { setupTestDb } from '@/tests/support/test-db';
import { payHostedCheckout, setupSandbox } from '@/tests/support/billing-harness';
import { createCheckoutSession } from '../checkout';
import { hasAllAccess } from '../course-access';
import { control, eventually, expectNoFailedEventsAfterEach, settleDeliveries, setupWebhookReceiver } from '@/tests/support/webhook-harness';

const getDb = setupTestDb();
const getStripe = setupSandbox();
setupWebhookReceiver(getDb, getStripe);
const DAY = 24 * 60 * 60;

expectNoFailedEventsAfterEach(getDb, getStripe);

/** A learner subscribes to a fresh All-Access plan ($15/month) through hosted Checkout. */
async function subscribe() {
  const { db } = getDb();
  const suffix = uniqueSuffix();
  const [plan] = await db.insert(plans).values({ slug: `all-access-${suffix}`, name: `All-Access ${suffix}`, description: 'Every course.' }).returning();
  await db.insert(prices).values({ planId: plan!.id, type: 'recurring', interval: 'month', currency: 'usd', unitAmount: 1500, lookupKey: `plan:${suffix}:usd:month` });
  const user = await seedUser(db);
  const { url } = await createCheckoutSession(db, { id: user.id, email: user.email, name: user.name }, {
    kind: 'plan',
    planSlug: plan!.slug,
    interval: 'month',
    currency: 'usd',
    attemptId: randomUUID(),
  });
  await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
  const sub = await eventually(async () => {
    const [row] = await db.select().from(subscriptions).where(eq(subscriptions.userId, user.id));
    return row?.status === 'active' ? row : null;
  });
  await settleDeliveries(getStripe().sandbox);
  return { user, plan: plan!, sub };
}

const subOf = async (userId: string) => (await getDb().db.select().from(subscriptions).where(eq(subscriptions.userId, userId)))[0]!;
const templatesOf = async (userId: string) => (await getDb().db.select().from(outbox).where(eq(outbox.userId, userId))).map((m) => m.dedupeKey).sort();

describe('subscriptions through signed webhooks', () => {
  it('a new subscription converges: active, period from its item, plan linked, first invoice stored, All-Access', async () => {
    const { db } = getDb();
    const { stripe } = getStripe();
    const { user, plan, sub } = await subscribe();
    const remote = await stripe.subscriptions.retrieve(sub.stripeSubscriptionId);
    const item = remote.items.data[0]!;
    expect(sub).toMatchObject({ status: 'active', planId: plan.id, stripePriceId: item.price.id, cancelAtPeriodEnd: false });
    expect(sub.currentPeriodStart?.getTime()).toBe(item.current_period_start * 1000);
    expect(sub.currentPeriodEnd?.getTime()).toBe(item.current_period_end * 1000);
    expect(await hasAllAccess(db, user.id)).toBe(true);

    const [invoice] = await db.select().from(invoices).where(eq(invoices.userId, user.id));
    expect(invoice).toMatchObject({ status: 'paid', subscriptionId: sub.id, stripeSubscriptionId: sub.stripeSubscriptionId, amountPaid: 1500, billingReason: 'subscription_create' });
    expect(invoice?.hostedInvoiceUrl).toMatch(/\/i\/in_/);
    expect(invoice?.invoicePdf).toMatch(/\/pdf$/);
    expect(invoice?.stripePaymentIntentId).toMatch(/^pi_/);
    // The first invoice's receipt is fulfillment's subscription-started, not a renewal receipt.
    expect(await templatesOf(user.id)).toEqual([`subscription-started:${sub.stripeSubscriptionId}`]);
  });

  it('a renewal stores the invoice, moves the period and enqueues exactly one renewal receipt, however often invoice.paid comes', async () => {
    const { db } = getDb();
    const { sandbox, stripe } = getStripe();
    const { user, sub } = await subscribe();
    await control(sandbox, 'clock/advance', { seconds: 32 * DAY });
    const renewal = await eventually(async () => {
      const [row] = await db.select().from(invoices).where(and(eq(invoices.userId, user.id), eq(invoices.billingReason, 'subscription_cycle')));
      return row?.status === 'paid' ? row : null;
    });
    await settleDeliveries(sandbox);
    const paidEvents = await db.select().from(stripeEvents).where(and(eq(stripeEvents.type, 'invoice.paid'), eq(stripeEvents.objectId, renewal.stripeInvoiceId)));
    for (const e of paidEvents) await control(sandbox, `events/${e.id}/redeliver`, { count: 3 });
    await settleDeliveries(sandbox);

    const receipts = await db.select().from(outbox).where(and(eq(outbox.userId, user.id), eq(outbox.template, 'renewal-receipt')));
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ dedupeKey: `renewal:${renewal.stripeInvoiceId}`, recipient: user.email });
    expect(receipts[0]?.data).toMatchObject({ amount: 1500, currency: 'usd', invoiceUrl: renewal.hostedInvoiceUrl, invoicePdfUrl: renewal.invoicePdf });
    const after = await subOf(user.id);
    const remote = await stripe.subscriptions.retrieve(sub.stripeSubscriptionId);
    expect(after.status).toBe('active');
    expect(after.currentPeriodEnd?.getTime()).toBe(remote.items.data[0]!.current_period_end * 1000);
    expect(after.currentPeriodEnd!.getTime()).toBeGreaterThan(sub.currentPeriodEnd!.getTime());
  });

  it('cancel at period end, resume, then cancel now: updated and deleted events converge the row and access', async () => {
    const { db } = getDb();
    const { sandbox, stripe } = getStripe();
    const { user, sub } = await subscribe();
    await stripe.subscriptions.update(sub.stripeSubscriptionId, { cancel_at_period_end: true });
    await eventually(async () => (await subOf(user.id)).cancelAtPeriodEnd);
    expect(await hasAllAccess(db, user.id)).toBe(true); // until the period ends
    await stripe.subscriptions.update(sub.stripeSubscriptionId, { cancel_at_period_end: false });
    await eventually(async () => !(await subOf(user.id)).cancelAtPeriodEnd);
    await stripe.subscriptions.cancel(sub.stripeSubscriptionId);
    const ended = await eventually(async () => {
      const row = await subOf(user.id);
      return row.status === 'canceled' ? row : null;
    });
    await settleDeliveries(sandbox);
    expect(ended.endedAt).toBeInstanceOf(Date);
    expect(await hasAllAccess(db, user.id)).toBe(false);
    const changes = await db.select().from(auditLog).where(and(eq(auditLog.entityId, sub.stripeSubscriptionId), eq(auditLog.action, 'subscription.status_changed')));
    expect(changes.map((c) => c.data)).toContainEqual(expect.objectContaining({ from: 'active', to: 'canceled' }));
    expect(changes.filter((c) => (c.data as { to: string }).to === 'canceled')).toHaveLength(1);
  });

  it('a failing renewal: past_due, one payment-failed notice per attempt, with the next attempt', async () => {
    const { db } = getDb();
    const { sandbox, stripe } = getStripe();
    const { user, sub } = await subscribe();
    // Opted in to texts: each attempt is also an SMS, each sent once.
    const phone = `+1415${String(Date.now()).slice(-7)}`;
    await db.update(users).set({ phone, smsOptIn: true }).where(eq(users.id, user.id));
    const customer = await stripe.subscriptions.retrieve(sub.stripeSubscriptionId).then((s) => s.customer as string);
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
    await stripe.subscriptions.update(sub.stripeSubscriptionId, { default_payment_method: failing.id });
    await settleDeliveries(sandbox);

    await control(sandbox, 'clock/advance', { seconds: 32 * DAY });
    const first = await eventually(async () => (await db.select().from(outbox).where(like(outbox.dedupeKey, `payment-failed:%`))).find((m) => m.userId === user.id));
    await settleDeliveries(sandbox);
    expect((await subOf(user.id)).status).toBe('past_due');
    await control(sandbox, 'clock/advance', { seconds: 3 * DAY + 60 });
    await eventually(async () => (await db.select().from(outbox).where(and(eq(outbox.userId, user.id), eq(outbox.template, 'payment-failed')))).length === 4);
    await settleDeliveries(sandbox);

    const all = await db.select().from(outbox).where(and(eq(outbox.userId, user.id), eq(outbox.template, 'payment-failed')));
    const notices = all.filter((n) => n.channel === 'email');
    const invoiceId = first.dedupeKey.split(':')[1];
    expect(notices.map((n) => n.dedupeKey).sort()).toEqual([`payment-failed:${invoiceId}:1`, `payment-failed:${invoiceId}:2`]);
    const texts = all.filter((n) => n.channel === 'sms');
    expect(texts.map((n) => [n.dedupeKey, n.recipient]).sort()).toEqual([
      [`payment-failed:${invoiceId}:1:sms`, phone],
      [`payment-failed:${invoiceId}:2:sms`, phone],
    ]);
    expect(notices.find((n) => n.dedupeKey.endsWith(':2'))?.data).toMatchObject({ attempt: 2, amount: 1500, currency: 'usd', nextAttemptAt: expect.any(String) });
    const [invoice] = await db.select().from(invoices).where(eq(invoices.stripeInvoiceId, invoiceId!));
    expect(invoice).toMatchObject({ status: 'open', attemptCount: 2 });
    expect(invoice?.nextPaymentAttempt).toBeInstanceOf(Date);
    expect(await hasAllAccess(db, user.id, new Date(Date.now() + 35 * DAY * 1000))).toBe(true); // inside the grace window
    // Grace runs 7 days from the failed renewal (the new period's start), not from the end of
    // the period Stripe has already moved forward; the email says the same date.
    const row = await subOf(user.id);
    const graceEnd = new Date(row.currentPeriodStart!.getTime() + 7 * DAY * 1000);
    expect(await hasAllAccess(db, user.id, new Date(graceEnd.getTime() - 1000))).toBe(true);
    expect(await hasAllAccess(db, user.id, new Date(graceEnd.getTime() + 1000))).toBe(false);
    expect(notices[0]?.data).toMatchObject({ accessEndsAt: graceEnd.toISOString() });
  });

  it('an invoice read older than the intent\'s own read still links the payment to its invoice', async () => {
    const { db } = getDb();
    const { user, sub } = await subscribe();
    const [invoice] = await db.select().from(invoices).where(eq(invoices.subscriptionId, sub.id));
    const intentId = invoice!.stripePaymentIntentId!;
    // As on two lanes: the invoice lane reads first, the intent lane reads later and applies
    // first (knowing nothing of the invoice), then the invoice lane applies its older read.
    await db.update(payments).set({ stripeInvoiceId: null }).where(eq(payments.stripePaymentIntentId, intentId));
    const older = await takeReadTicket(db);
    const invoiceSnapshot = await readInvoice(db, new StripeSnapshotReader(), invoice!.stripeInvoiceId);
    const newer = await takeReadTicket(db);
    const intentSnapshot = await readPayment(db, new StripeSnapshotReader(), intentId);
    await db.transaction((tx) => applyPayment(tx, intentSnapshot, { eventId: null, eventCreatedAt: null, version: newer }));
    await db.transaction((tx) => applyInvoice(tx, invoiceSnapshot, { eventId: null, eventCreatedAt: null, version: older }));

    const [payment] = await db.select().from(payments).where(eq(payments.stripePaymentIntentId, intentId));
    expect(payment).toMatchObject({ stripeInvoiceId: invoice!.stripeInvoiceId, userId: user.id, status: 'succeeded' });
    expect(payment!.syncedVersion).toBe(newer);
  });
});
