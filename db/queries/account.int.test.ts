import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { describePaymentStatus } from '@/components/account/purchase-status';
import { customers, disputes, invoices, paymentMethods, payments, plans, refunds, subscriptions } from '@/db/schema';
import { type PaymentStatus, paymentStatuses } from '@/db/schema/enums';
import { seedCourse, seedUser, uniqueSuffix } from '@/db/seed/factories';
import { setupTestDb } from '@/tests/support/test-db';
import { createCheckoutSession } from '@/lib/billing/checkout';
import { fulfillCheckout } from '@/lib/billing/fulfillment';
import { eventually, expectNoFailedEventsAfterEach, setupWebhookReceiver } from '@/tests/support/webhook-harness';
import { payHostedCheckout, setupSandbox } from '@/tests/support/billing-harness';
import type { Database } from '../client';
import {
  findPastDueSubscriptionForUser,
  findReceiptForUser,
  listPaymentMethodsForUser,
  listPurchasesForUser,
  PURCHASES_PAGE_SIZE,
} from './account';

const getDb = setupTestDb();
const getStripe = setupSandbox();
setupWebhookReceiver(getDb, getStripe);

expectNoFailedEventsAfterEach(getDb, getStripe);

/** A payments row as the webhook pipeline would leave it, at a chosen time. */
async function insertPayment(db: Database, userId: string, values: Partial<typeof payments.$inferInsert> = {}) {
  const [row] = await db
    .insert(payments)
    .values({ stripePaymentIntentId: `pi_${uniqueSuffix()}`, userId, amount: 1900, currency: 'usd', status: 'succeeded', cardBrand: 'visa', cardLast4: '4242', paymentMethodType: 'card', ...values })
    .returning();
  if (!row) throw new Error('insertPayment: no row');
  return row;
}

async function insertCustomer(db: Database, userId: string) {
  const [row] = await db.insert(customers).values({ userId, stripeCustomerId: `cus_${uniqueSuffix()}` }).returning();
  if (!row) throw new Error('insertCustomer: no row');
  return row;
}

async function insertPlan(db: Database) {
  const suffix = uniqueSuffix();
  const [row] = await db.insert(plans).values({ slug: `all-access-${suffix}`, name: `All-Access ${suffix}`, description: 'Every course.' }).returning();
  if (!row) throw new Error('insertPlan: no row');
  return row;
}

async function insertSubscription(db: Database, userId: string, values: Partial<typeof subscriptions.$inferInsert> = {}) {
  const customer = await insertCustomer(db, userId);
  const plan = await insertPlan(db);
  const [row] = await db
    .insert(subscriptions)
    .values({ stripeSubscriptionId: `sub_${uniqueSuffix()}`, userId, customerId: customer.id, planId: plan.id, status: 'active', ...values })
    .returning();
  if (!row) throw new Error('insertSubscription: no row');
  return { subscription: row, plan, customer };
}

async function insertInvoice(db: Database, sub: { subscription: typeof subscriptions.$inferSelect; customer: { id: string } }, values: Partial<typeof invoices.$inferInsert> = {}) {
  const id = `in_${uniqueSuffix()}`;
  const [row] = await db
    .insert(invoices)
    .values({
      stripeInvoiceId: id,
      stripeSubscriptionId: sub.subscription.stripeSubscriptionId,
      subscriptionId: sub.subscription.id,
      userId: sub.subscription.userId,
      customerId: sub.customer.id,
      number: `INV-${uniqueSuffix()}`,
      currency: 'usd',
      subtotal: 1900,
      total: 1900,
      amountDue: 1900,
      status: 'paid',
      hostedInvoiceUrl: `https://invoice.test/${id}`,
      invoicePdf: `https://invoice.test/${id}.pdf`,
      ...values,
    })
    .returning();
  if (!row) throw new Error('insertInvoice: no row');
  return row;
}

describe('purchases list', () => {
  it('pages a learner’s payments newest first, 20 at a time, with ties broken by id and nothing of another learner', async () => {
    const { db } = getDb();
    const learner = await seedUser(db);
    const other = await seedUser(db);
    const base = Date.UTC(2026, 0, 1);
    // 45 payments; every third shares its timestamp with the previous one, to exercise the tie-break.
    for (let i = 0; i < 45; i++) await insertPayment(db, learner.id, { createdAt: new Date(base + Math.floor(i / 3) * 2 * 60_000 + (i % 3 === 2 ? 0 : i % 3) * 1000) });
    for (let i = 0; i < 3; i++) await insertPayment(db, other.id, { createdAt: new Date(base + i * 60_000) });

    const seen: { id: string; createdAt: Date }[] = [];
    let cursor: string | null = null;
    const pageSizes: number[] = [];
    do {
      const page: Awaited<ReturnType<typeof listPurchasesForUser>> = await listPurchasesForUser(db, { userId: learner.id, before: cursor });
      pageSizes.push(page.items.length);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);

    expect(pageSizes).toEqual([PURCHASES_PAGE_SIZE, PURCHASES_PAGE_SIZE, 5]);
    expect(new Set(seen.map((row) => row.id)).size).toBe(45);
    const own = await db.select({ id: payments.id }).from(payments).where(eq(payments.userId, learner.id));
    expect(new Set(seen.map((row) => row.id))).toEqual(new Set(own.map((row) => row.id)));
    for (let i = 1; i < seen.length; i++) expect(seen[i - 1]!.createdAt.getTime()).toBeGreaterThanOrEqual(seen[i]!.createdAt.getTime());

    expect((await listPurchasesForUser(db, { userId: other.id })).items).toHaveLength(3);
    // Another learner's cursor or a malformed one opens nothing.
    const firstPage = await listPurchasesForUser(db, { userId: learner.id });
    expect(await listPurchasesForUser(db, { userId: other.id, before: firstPage.nextCursor })).toEqual({ items: [], nextCursor: null });
    expect(await listPurchasesForUser(db, { userId: learner.id, before: "x' or 1=1 --" })).toEqual({ items: [], nextCursor: null });
  });

  it('states every status in plain words, and names the plan and invoice of a subscription payment', async () => {
    const { db } = getDb();
    const learner = await seedUser(db);
    const sub = await insertSubscription(db, learner.id);
    const invoice = await insertInvoice(db, sub);
    await insertPayment(db, learner.id, { stripeInvoiceId: invoice.stripeInvoiceId, createdAt: new Date(Date.UTC(2026, 5, 1)) });
    for (const status of paymentStatuses) await insertPayment(db, learner.id, { status, amountRefunded: status === 'refunded' ? 1900 : status === 'partially_refunded' ? 500 : 0 });

    const { items } = await listPurchasesForUser(db, { userId: learner.id });
    const words = Object.fromEntries(items.filter((row) => !row.stripeInvoiceId).map((row) => [row.status, describePaymentStatus(row.status).label]));
    expect(words).toEqual({
      pending: 'Incomplete',
      requires_action: 'Awaiting confirmation',
      processing: 'Processing',
      succeeded: 'Paid',
      failed: 'Failed',
      canceled: 'Canceled',
      partially_refunded: 'Partially refunded',
      refunded: 'Refunded',
      disputed: 'Disputed',
      charged_back: 'Reversed by your bank',
    } satisfies Record<PaymentStatus, string>);
    const renewal = items.find((row) => row.stripeInvoiceId);
    expect(renewal).toMatchObject({ planName: sub.plan.name, courseTitle: null, invoiceNumber: invoice.number, hostedInvoiceUrl: invoice.hostedInvoiceUrl, invoicePdf: invoice.invoicePdf });
  });
});

describe('receipts', () => {
  it('a real sandbox purchase: the owner gets the receipt, anyone else (or a bad id) gets null; a partial refund is listed', async () => {
    const { db } = getDb();
    const { stripe } = getStripe();
    const { course } = await seedCourse(db);
    const buyer = await seedUser(db, { name: 'Ada Buyer' });
    const stranger = await seedUser(db);
    const { url, sessionId } = await createCheckoutSession(db, { id: buyer.id, email: buyer.email, name: buyer.name }, { kind: 'course', courseSlug: course.slug, currency: 'usd', attemptId: randomUUID() });
    await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
    await fulfillCheckout(db, sessionId);

    const { items } = await listPurchasesForUser(db, { userId: buyer.id });
    expect(items).toHaveLength(1);
    const purchase = items[0]!;
    expect(purchase).toMatchObject({ courseTitle: course.title, amount: 4900, currency: 'usd', status: 'succeeded', cardBrand: 'visa', cardLast4: '4242', stripeInvoiceId: null });

    const receipt = await findReceiptForUser(db, { userId: buyer.id, paymentId: purchase.id });
    expect(receipt).toMatchObject({ buyerName: 'Ada Buyer', buyerEmail: buyer.email, courseTitle: course.title, amount: 4900, refunds: [] });
    expect(await findReceiptForUser(db, { userId: stranger.id, paymentId: purchase.id })).toBeNull();
    expect(await findReceiptForUser(db, { userId: buyer.id, paymentId: 'not-a-uuid' })).toBeNull();
    expect(await findReceiptForUser(db, { userId: buyer.id, paymentId: randomUUID() })).toBeNull();

    const [payment] = await db.select().from(payments).where(eq(payments.id, purchase.id));
    await stripe.refunds.create({ payment_intent: payment!.stripePaymentIntentId, amount: 1500 }, { idempotencyKey: `test-refund:${purchase.id}` });
    const refunded = await eventually(async () => {
      const found = await findReceiptForUser(db, { userId: buyer.id, paymentId: purchase.id });
      return found?.status === 'partially_refunded' && found.refunds[0]?.status === 'succeeded' ? found : null;
    });
    expect(refunded.amountRefunded).toBe(1500);
    expect(refunded.refunds).toEqual([expect.objectContaining({ amount: 1500, currency: 'usd', status: 'succeeded' })]);
    expect(describePaymentStatus(refunded.status).label).toBe('Partially refunded');
  });

  it('lists only refunds that return money, oldest first', async () => {
    const { db } = getDb();
    const learner = await seedUser(db);
    const payment = await insertPayment(db, learner.id, { amount: 5000, amountRefunded: 1000, status: 'partially_refunded' });
    await db.insert(refunds).values([
      { paymentId: payment.id, amount: 700, currency: 'usd', status: 'failed', createdAt: new Date(Date.UTC(2026, 2, 1)) },
      { paymentId: payment.id, amount: 1000, currency: 'usd', status: 'succeeded', createdAt: new Date(Date.UTC(2026, 2, 2)) },
    ]);
    const receipt = await findReceiptForUser(db, { userId: learner.id, paymentId: payment.id });
    expect(receipt?.refunds.map((r) => [r.amount, r.status])).toEqual([[1000, 'succeeded']]);
  });
});

describe('lost disputes', () => {
  it('lists a lost dispute as a reversal on its owner’s receipt only', async () => {
    const { db } = getDb();
    const learner = await seedUser(db);
    const other = await seedUser(db);
    const payment = await insertPayment(db, learner.id, { amount: 4900, status: 'charged_back', stripeChargeId: `ch_${uniqueSuffix()}` });
    await db.insert(disputes).values([
      { stripeDisputeId: `dp_${uniqueSuffix()}`, paymentId: payment.id, stripeChargeId: payment.stripeChargeId!, amount: 4900, currency: 'usd', status: 'lost', reason: 'fraudulent' },
    ]);
    const receipt = await findReceiptForUser(db, { userId: learner.id, paymentId: payment.id });
    expect(receipt?.reversals.map((d) => d.amount)).toEqual([4900]);
    expect(await findReceiptForUser(db, { userId: other.id, paymentId: payment.id })).toBeNull();
  });
});

describe('payment methods and the past-due notice', () => {
  it('lists the learner’s attached methods, default first, and none of another learner’s', async () => {
    const { db } = getDb();
    const learner = await seedUser(db);
    const other = await seedUser(db);
    const customer = await insertCustomer(db, learner.id);
    const card = (last4: string, extra: Partial<typeof paymentMethods.$inferInsert> = {}) => ({ stripePaymentMethodId: `pm_${uniqueSuffix()}`, userId: learner.id, customerId: customer.id, type: 'card', brand: 'visa', last4, expMonth: 12, expYear: 2030, ...extra });
    await db.insert(paymentMethods).values([card('1111'), card('4242', { isDefault: true }), card('0005', { detachedAt: new Date() }), card('9999', { userId: other.id, customerId: null })]);
    const methods = await listPaymentMethodsForUser(db, learner.id);
    expect(methods.map((m) => [m.last4, m.isDefault])).toEqual([['4242', true], ['1111', false]]);
  });

  it('finds a past_due or unpaid subscription with its open invoice, for its owner only', async () => {
    const { db } = getDb();
    const learner = await seedUser(db);
    const other = await seedUser(db);
    const end = new Date(Date.UTC(2026, 10, 20));
    const sub = await insertSubscription(db, learner.id, { status: 'past_due', currentPeriodEnd: end });
    await insertInvoice(db, sub, { status: 'paid', createdAt: new Date(Date.UTC(2026, 9, 20)) });
    const open = await insertInvoice(db, sub, { status: 'open', amountRemaining: 1900, createdAt: new Date(Date.UTC(2026, 10, 20)) });

    expect(await findPastDueSubscriptionForUser(db, learner.id)).toMatchObject({ status: 'past_due', currentPeriodEnd: end, planName: sub.plan.name, hostedInvoiceUrl: open.hostedInvoiceUrl, amountDue: 1900, currency: 'usd' });
    expect(await findPastDueSubscriptionForUser(db, other.id)).toBeNull();

    await db.update(subscriptions).set({ status: 'unpaid' }).where(eq(subscriptions.id, sub.subscription.id));
    expect(await findPastDueSubscriptionForUser(db, learner.id)).toMatchObject({ status: 'unpaid' });
    await db.update(subscriptions).set({ status: 'active' }).where(eq(subscriptions.id, sub.subscription.id));
    expect(await findPastDueSubscriptionForUser(db, learner.id)).toBeNull();
  });
});
