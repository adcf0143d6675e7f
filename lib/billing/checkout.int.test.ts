import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { checkoutSessions, customers, enrollments, outbox, payments } from '@/db/schema';
import { seedCourse, seedUser } from '@/db/seed/factories';
import { queryRows, setupTestDb } from '@/tests/support/test-db';
import { purchaseLockName } from '@/db/queries/locks';
import { payHostedCheckout, setupSandbox } from '@/tests/support/billing-harness';
import { CheckoutRefusal, createCheckoutSession } from './checkout';
import { takeReadTicket } from '@/db/queries/stripe-events';
import { applyCheckout, fulfillCheckout, readCheckout } from './fulfillment';
import { StripeSnapshotReader } from './sync/reader';

const getDb = setupTestDb();
const getStripe = setupSandbox();

async function buyer() {
  const user = await seedUser(getDb().db);
  return { id: user.id, email: user.email, name: user.name };
}

describe('checkout and fulfillment against the sandbox', () => {
  it('buys a course with 4242: one enrollment, a succeeded payment and exactly one receipt, however often fulfillment runs', async () => {
    const { db } = getDb();
    const { course } = await seedCourse(db);
    const learner = await buyer();
    const { url, sessionId } = await createCheckoutSession(db, learner, { kind: 'course', courseSlug: course.slug, currency: 'usd', attemptId: randomUUID() });

    const paid = await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
    expect(paid.location).toContain(`/checkout/success?session_id=${sessionId}`);

    // The success page and the webhook race; then Stripe retries. All land on one state.
    const results = await Promise.all([fulfillCheckout(db, sessionId), fulfillCheckout(db, sessionId), fulfillCheckout(db, sessionId)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    await fulfillCheckout(db, sessionId);

    const enrolled = await db.select().from(enrollments).where(eq(enrollments.userId, learner.id));
    expect(enrolled).toHaveLength(1);
    expect(enrolled[0]).toMatchObject({ courseId: course.id, source: 'purchase', status: 'active' });
    const [payment] = await db.select().from(payments).where(eq(payments.userId, learner.id));
    expect(payment).toMatchObject({ status: 'succeeded', amount: 4900, currency: 'usd', cardLast4: '4242', courseId: course.id });
    expect(enrolled[0]?.paymentId).toBe(payment?.id);
    const receipts = await db.select().from(outbox).where(eq(outbox.userId, learner.id));
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ template: 'purchase-receipt', recipient: learner.email, dedupeKey: `receipt:${payment?.stripePaymentIntentId}` });
    expect(receipts[0]?.data).toMatchObject({ amount: 4900, currency: 'usd', paymentMethod: 'Visa •••• 4242', courseTitle: course.title });
    const [local] = await db.select().from(checkoutSessions).where(eq(checkoutSessions.stripeCheckoutSessionId, sessionId));
    expect(local?.fulfilledAt).toBeInstanceOf(Date);
    expect(local).toMatchObject({ status: 'complete', paymentStatus: 'paid', amountTotal: 4900 });
  });

  it('a stale read of the session moves nothing back: status, payment status, fulfillment and version stay as the newer read left them', async () => {
    const { db } = getDb();
    const { course } = await seedCourse(db);
    const learner = await buyer();
    const { url, sessionId } = await createCheckoutSession(db, learner, { kind: 'course', courseSlug: course.slug, currency: 'usd', attemptId: randomUUID() });
    // A read taken before the payment (open, unpaid), applied only after a newer one.
    const early = { version: await takeReadTicket(db), reader: new StripeSnapshotReader() };
    const earlySnapshot = await readCheckout(early.reader, sessionId);
    expect(earlySnapshot.session).toMatchObject({ status: 'open', payment_status: 'unpaid' });
    await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
    expect((await fulfillCheckout(db, sessionId)).status).toBe('fulfilled');
    const [after] = await db.select().from(checkoutSessions).where(eq(checkoutSessions.stripeCheckoutSessionId, sessionId));
    expect(after).toMatchObject({ status: 'complete', paymentStatus: 'paid' });
    expect(after?.syncedVersion).toBeGreaterThan(early.version);

    const result = await db.transaction((tx) => applyCheckout(tx, earlySnapshot, { eventId: null, eventCreatedAt: null, version: early.version }));
    expect(result.status).toBe('unpaid');
    const [row] = await db.select().from(checkoutSessions).where(eq(checkoutSessions.stripeCheckoutSessionId, sessionId));
    expect(row).toEqual(after);
  });

  it("fulfillment takes the purchase lock with the session's row lock: the name lockPurchase uses, held until the end", async () => {
    const { db } = getDb();
    const { course } = await seedCourse(db);
    const learner = await buyer();
    const { url, sessionId } = await createCheckoutSession(db, learner, { kind: 'course', courseSlug: course.slug, currency: 'usd', attemptId: randomUUID() });
    await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
    const version = await takeReadTicket(db);
    const reader = new StripeSnapshotReader();
    const snapshot = await readCheckout(reader, sessionId);
    const held = (tx: typeof db, name: string) =>
      queryRows<{ n: string | number }>(
        tx,
        sql`select count(*) as n from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() and granted
          and ((classid::bigint << 32) | objid::bigint) = (hashtextextended(${name}, 0) & x'ffffffffffffffff'::bigint)`,
      ).then(([row]) => Number(row?.n ?? 0));
    const result = await db.transaction(async (tx) => {
      const applied = await applyCheckout(tx, snapshot, { eventId: null, eventCreatedAt: null, version });
      expect(await held(tx, purchaseLockName(learner.id, course.id))).toBe(1);
      return applied;
    });
    expect(result.status).toBe('fulfilled');
  });

  it('charges the database price in the chosen currency (JPY is zero-decimal)', async () => {
    const { db } = getDb();
    const { course } = await seedCourse(db);
    const learner = await buyer();
    const { sessionId } = await createCheckoutSession(db, learner, { kind: 'course', courseSlug: course.slug, currency: 'jpy', attemptId: randomUUID() });
    const session = await getStripe().stripe.checkout.sessions.retrieve(sessionId, { expand: ['line_items'] });
    expect(session.currency).toBe('jpy');
    expect(session.amount_total).toBe(4800);
    expect(session.line_items?.data[0]?.quantity).toBe(1);
    expect(session.metadata).toMatchObject({ user_id: learner.id, course_id: course.id });
  });

  it('a double-click reuses one Checkout session and one Stripe customer', async () => {
    const { db } = getDb();
    const { course } = await seedCourse(db);
    const learner = await buyer();
    const attemptId = randomUUID();
    const request = { kind: 'course', courseSlug: course.slug, currency: 'eur', attemptId } as const;
    const [a, b] = await Promise.all([createCheckoutSession(db, learner, request), createCheckoutSession(db, learner, request)]);
    expect(a.sessionId).toBe(b.sessionId);
    expect(await db.$count(checkoutSessions, eq(checkoutSessions.userId, learner.id))).toBe(1);
    expect(await db.$count(customers, eq(customers.userId, learner.id))).toBe(1);
    const stripeCustomers = await getStripe().stripe.customers.list({ email: learner.email });
    expect(stripeCustomers.data).toHaveLength(1);
  });

  it('two Checkouts started at once for one course (two tabs, one click each) leave one session open at Stripe', async () => {
    const { db } = getDb();
    const { stripe } = getStripe();
    const { course } = await seedCourse(db);
    const learner = await buyer();
    await createCheckoutSession(db, learner, { kind: 'course', courseSlug: course.slug, currency: 'usd', attemptId: randomUUID() });
    const started = await Promise.all(
      [0, 1, 2].map(() => createCheckoutSession(db, learner, { kind: 'course', courseSlug: course.slug, currency: 'usd', attemptId: randomUUID() })),
    );
    expect(new Set(started.map((s) => s.sessionId)).size).toBe(3);
    const rows = await db.select().from(checkoutSessions).where(eq(checkoutSessions.userId, learner.id));
    expect(rows).toHaveLength(4);
    const atStripe = await Promise.all(rows.map((row) => stripe.checkout.sessions.retrieve(row.stripeCheckoutSessionId)));
    expect(atStripe.filter((session) => session.status === 'open')).toHaveLength(1);
    expect(rows.filter((row) => row.status === 'open').map((row) => row.stripeCheckoutSessionId)).toEqual(atStripe.filter((session) => session.status === 'open').map((session) => session.id));
  });

  it('refuses to sell a course the learner already owns, before creating any session', async () => {
    const { db } = getDb();
    const { course } = await seedCourse(db);
    const learner = await buyer();
    const first = await createCheckoutSession(db, learner, { kind: 'course', courseSlug: course.slug, currency: 'usd', attemptId: randomUUID() });
    await payHostedCheckout(first.url, { method: 'card', cardNumber: '4242424242424242' });
    await fulfillCheckout(db, first.sessionId);
    const before = (await getStripe().stripe.checkout.sessions.list({ limit: 100 })).data.length;

    await expect(
      createCheckoutSession(db, learner, { kind: 'course', courseSlug: course.slug, currency: 'usd', attemptId: randomUUID() }),
    ).rejects.toThrow(CheckoutRefusal);
    expect((await getStripe().stripe.checkout.sessions.list({ limit: 100 })).data.length).toBe(before);
  });

  it('refuses draft and unknown courses and currencies without a price', async () => {
    const { db } = getDb();
    const learner = await buyer();
    const { course: draft } = await seedCourse(db, { status: 'draft' });
    await expect(createCheckoutSession(db, learner, { kind: 'course', courseSlug: draft.slug, currency: 'usd', attemptId: randomUUID() })).rejects.toMatchObject({ code: 'not_found' });
    await expect(createCheckoutSession(db, learner, { kind: 'course', courseSlug: 'nope', currency: 'usd', attemptId: randomUUID() })).rejects.toMatchObject({ code: 'not_found' });
    const { course } = await seedCourse(db);
    await expect(createCheckoutSession(db, learner, { kind: 'course', courseSlug: course.slug, currency: 'gbp', attemptId: randomUUID() })).rejects.toMatchObject({ code: 'not_for_sale' });
  });

  it('a declined card leaves nothing granted; the retry in the same session succeeds', async () => {
    const { db } = getDb();
    const { course } = await seedCourse(db);
    const learner = await buyer();
    const { url, sessionId } = await createCheckoutSession(db, learner, { kind: 'course', courseSlug: course.slug, currency: 'usd', attemptId: randomUUID() });
    const declined = await payHostedCheckout(url, { method: 'card', cardNumber: '4000000000000002' });
    expect(declined.status).toBe(402);
    expect((await fulfillCheckout(db, sessionId)).status).toBe('unpaid');
    expect(await db.$count(enrollments, eq(enrollments.userId, learner.id))).toBe(0);

    await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
    expect((await fulfillCheckout(db, sessionId)).status).toBe('fulfilled');
    expect(await db.$count(enrollments, and(eq(enrollments.userId, learner.id), eq(enrollments.status, 'active')))).toBe(1);
  });

  it('a bank debit is processing (no access, one processing email) until it settles', async () => {
    const { db } = getDb();
    const { course } = await seedCourse(db);
    const learner = await buyer();
    const { url, sessionId } = await createCheckoutSession(db, learner, { kind: 'course', courseSlug: course.slug, currency: 'usd', attemptId: randomUUID() });
    await payHostedCheckout(url, { method: 'us_bank_account', accountNumber: '000123456789' });
    expect((await fulfillCheckout(db, sessionId)).status).toBe('processing');
    expect((await fulfillCheckout(db, sessionId)).status).toBe('processing');
    expect(await db.$count(enrollments, eq(enrollments.userId, learner.id))).toBe(0);
    const mail = await db.select().from(outbox).where(eq(outbox.userId, learner.id));
    expect(mail.map((m) => m.template)).toEqual(['bank-payment-processing']);
    const [payment] = await db.select().from(payments).where(eq(payments.userId, learner.id));
    expect(payment?.status).toBe('processing');

    const session = await getStripe().stripe.checkout.sessions.retrieve(sessionId);
    await fetch(`${getStripe().sandbox.url}/_sandbox/payment_intents/${String(session.payment_intent)}/settle`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect((await fulfillCheckout(db, sessionId)).status).toBe('fulfilled');
    expect(await db.$count(enrollments, eq(enrollments.userId, learner.id))).toBe(1);
  });

  it('ignores sessions this store did not create', async () => {
    const { db } = getDb();
    const price = await getStripe().stripe.prices.create({ currency: 'usd', unit_amount: 100, product_data: { name: 'Foreign' } });
    const foreign = await getStripe().stripe.checkout.sessions.create({ mode: 'payment', line_items: [{ price: price.id, quantity: 1 }], success_url: 'http://x.test/ok', cancel_url: 'http://x.test/no' });
    expect(await fulfillCheckout(db, foreign.id)).toEqual({ status: 'unknown_session' });
  });
});
