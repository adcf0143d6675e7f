import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { findReceiptForUser } from '@/db/queries/account';
import { findCouponWithCodes, listCouponRedemptions, listCoupons } from '@/db/queries/coupons';
import { auditLog, checkoutSessions, coupons, outbox, payments, plans, prices, promotionCodes, subscriptions } from '@/db/schema';
import { seedCourse, seedUser, uniqueSuffix } from '@/db/seed/factories';
import { renderNotification } from '@/lib/notifications/templates';
import { notificationSchemas } from '@/lib/notifications/messages';
import { render } from '@react-email/components';
import { receiptLines } from '@/components/account/receipt-amounts';
import { createCheckoutSession } from '@/lib/billing/checkout';
import { fulfillCheckout } from '@/lib/billing/fulfillment';
import { payHostedCheckout, setupSandbox } from '@/tests/support/billing-harness';
import { refusal } from '@/tests/support/refusal';
import { setupTestDb } from '@/tests/support/test-db';
import { createCoupon, createPromotionCode, deactivatePromotionCode } from './admin';

const handle = setupTestDb();
const db = () => handle().db;
const sb = setupSandbox();
const ADMIN = 'admin-coupons';

const percentCoupon = (targets: Array<{ kind: 'course' | 'plan'; id: string }>, over: Partial<Parameters<typeof createCoupon>[2]> = {}) => ({
  attemptId: randomUUID(),
  name: 'Launch 20%',
  discount: { kind: 'percent' as const, percent: 20 },
  duration: 'once' as const,
  durationInMonths: null,
  maxRedemptions: null,
  redeemBy: null,
  targets,
  ...over,
});

const code = (couponId: string, spelling: string) => ({ attemptId: randomUUID(), couponId, code: spelling, maxRedemptions: null, expiresAt: null, firstTimeOnly: false });

async function buy(courseSlug: string, promo: string | null) {
  const user = await seedUser(db());
  const { url, sessionId } = await createCheckoutSession(db(), { id: user.id, email: user.email, name: user.name }, { kind: 'course', courseSlug, currency: 'usd', attemptId: randomUUID() });
  if (promo) {
    const applied = await fetch(`${url}/promotion`, { method: 'POST', body: new URLSearchParams({ code: promo }), redirect: 'manual' });
    if (applied.status !== 303) return { user, sessionId, refused: await applied.text() };
  }
  await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
  expect((await fulfillCheckout(db(), sessionId)).status).toBe('fulfilled');
  return { user, sessionId, refused: null };
}

/** An All-Access subscription bought through hosted Checkout, with a code typed there. */
async function subscribe(planSlug: string, promo: string) {
  const user = await seedUser(db());
  const { url, sessionId } = await createCheckoutSession(db(), { id: user.id, email: user.email, name: user.name }, { kind: 'plan', planSlug, interval: 'month', currency: 'usd', attemptId: randomUUID() });
  const applied = await fetch(`${url}/promotion`, { method: 'POST', body: new URLSearchParams({ code: promo }), redirect: 'manual' });
  expect(applied.status).toBe(303);
  await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
  expect((await fulfillCheckout(db(), sessionId)).status).toBe('fulfilled');
  return { user, sessionId };
}

describe('coupons and promotion codes from the admin', () => {
  it('creates a 20% coupon limited to one course, with a code; Stripe holds the limit; a resubmitted form makes nothing twice', async () => {
    const { course } = await seedCourse(db());
    const input = percentCoupon([{ kind: 'course', id: course.id }]);
    const first = await createCoupon(db(), ADMIN, input);
    const again = await createCoupon(db(), ADMIN, input);
    expect(again).toMatchObject({ retried: true, coupon: { id: first.coupon.id } });
    expect(await db().select().from(coupons).where(eq(coupons.id, input.attemptId))).toHaveLength(1);
    const stripeCoupon = await sb().stripe.coupons.retrieve(first.coupon.stripeCouponId, { expand: ['applies_to'] });
    expect(stripeCoupon).toMatchObject({ percent_off: 20, duration: 'once', applies_to: { products: first.coupon.stripeProductIds } });
    expect(first.coupon.stripeProductIds).toHaveLength(1);

    const spelling = `SQL${randomUUID().slice(0, 6)}`;
    const promoInput = code(first.coupon.id, spelling);
    const promo = await createPromotionCode(db(), ADMIN, promoInput);
    expect((await createPromotionCode(db(), ADMIN, promoInput)).retried).toBe(true);
    expect(await refusal(() => createPromotionCode(db(), ADMIN, code(first.coupon.id, spelling.toLowerCase())))).toMatch(/already in use/);
    expect((await sb().stripe.promotionCodes.retrieve(promo.code.stripePromotionCodeId)).code).toBe(spelling);
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.entityId, first.coupon.id), eq(auditLog.action, 'coupon.create')));
    expect(audits).toHaveLength(1);
    expect(audits[0]?.data).toMatchObject({ after: { percentOff: 20, courseIds: [course.id] } });
  });

  it('refuses bad input with a sentence and writes nothing', async () => {
    const { course } = await seedCourse(db());
    const before = (await db().select().from(coupons)).length;
    expect(await refusal(() => createCoupon(db(), ADMIN, percentCoupon([], { discount: { kind: 'percent', percent: 0 } })))).toMatch(/1 to 100/);
    expect(await refusal(() => createCoupon(db(), ADMIN, percentCoupon([], { discount: { kind: 'amount', amount: '-5', currency: 'usd' } })))).toBeTruthy();
    expect(await refusal(() => createCoupon(db(), ADMIN, percentCoupon([], { duration: 'repeating' })))).toMatch(/how many months/);
    expect(await refusal(() => createCoupon(db(), ADMIN, percentCoupon([], { redeemBy: new Date(Date.now() - 1000) })))).toMatch(/future/);
    expect(await refusal(() => createCoupon(db(), ADMIN, percentCoupon([{ kind: 'course', id: randomUUID() }])))).toMatch(/no longer exists/);
    const ok = await createCoupon(db(), ADMIN, percentCoupon([{ kind: 'course', id: course.id }]));
    expect(await refusal(() => createPromotionCode(db(), ADMIN, code(ok.coupon.id, 'no spaces allowed')))).toMatch(/letters, digits/);
    expect((await db().select().from(coupons)).length).toBe(before + 1);
    expect(await db().select().from(promotionCodes).where(eq(promotionCodes.couponId, ok.coupon.id))).toEqual([]);
  });

  it('a learner redeems the code at Checkout: the payment records the discount, the receipt shows it, other courses refuse the code', async () => {
    const { course } = await seedCourse(db());
    const { course: other } = await seedCourse(db());
    const { coupon } = await createCoupon(db(), ADMIN, percentCoupon([{ kind: 'course', id: course.id }]));
    const spelling = `LAUNCH${randomUUID().slice(0, 6)}`;
    await createPromotionCode(db(), ADMIN, code(coupon.id, spelling));

    const refused = await buy(other.slug, spelling);
    expect(refused.refused).toContain('not valid for the items in your order');

    const { user } = await buy(course.slug, spelling.toLowerCase());
    const [payment] = await db().select().from(payments).where(eq(payments.userId, user.id));
    // 20% of 49.00.
    expect(payment).toMatchObject({ amount: 3920, amountDiscount: 980, discountCode: spelling, stripeCouponId: coupon.stripeCouponId });
    const receipt = await findReceiptForUser(db(), { userId: user.id, paymentId: payment!.id });
    expect(receiptLines(receipt!).map((l) => [l.label, l.amount])).toEqual([
      [`${course.title} — course, lifetime access`, 4900],
      [`Discount (${spelling})`, -980],
      ['Total', 3920],
    ]);
    const listed = await findCouponWithCodes(db(), coupon.id);
    expect(listed?.redemptions).toBe(1);
  });

  it('deactivates a code at Stripe and here, once; Checkout then refuses it', async () => {
    const { course } = await seedCourse(db());
    const { coupon } = await createCoupon(db(), ADMIN, percentCoupon([]));
    const spelling = `GONE${randomUUID().slice(0, 6)}`;
    const { code: promo } = await createPromotionCode(db(), ADMIN, code(coupon.id, spelling));
    const results = await Promise.all([deactivatePromotionCode(db(), ADMIN, promo.id), deactivatePromotionCode(db(), ADMIN, promo.id)]);
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect((await sb().stripe.promotionCodes.retrieve(promo.stripePromotionCodeId)).active).toBe(false);
    expect(await db().select().from(auditLog).where(and(eq(auditLog.entityId, promo.id), eq(auditLog.action, 'promotion_code.deactivate')))).toHaveLength(1);
    expect((await buy(course.slug, spelling)).refused).toContain('This code is invalid.');
    // The spelling is free again for a new code.
    expect((await createPromotionCode(db(), ADMIN, code(coupon.id, spelling))).retried).toBe(false);
  });

  it('counts a subscription redeemed with a code once, next to course purchases, and lists it on the coupon page', async () => {
    const suffix = uniqueSuffix();
    const [plan] = await db().insert(plans).values({ slug: `all-access-${suffix}`, name: `All-Access ${suffix}`, description: 'Every course.' }).returning();
    await db().insert(prices).values({ planId: plan!.id, type: 'recurring', interval: 'month', currency: 'usd', unitAmount: 1900, lookupKey: `plan:${suffix}:usd:month` });
    const { course } = await seedCourse(db());
    const { coupon } = await createCoupon(db(), ADMIN, percentCoupon([], { duration: 'forever' }));
    const spelling = `ALL${randomUUID().slice(0, 6)}`;
    await createPromotionCode(db(), ADMIN, code(coupon.id, spelling));

    const { user, sessionId } = await subscribe(plan!.slug, spelling);
    const [session] = await db().select().from(checkoutSessions).where(eq(checkoutSessions.stripeCheckoutSessionId, sessionId));
    // 20% of 19.00 off the first invoice, recorded on the session.
    expect(session).toMatchObject({ mode: 'subscription', amountDiscount: 380, discountCode: spelling, stripeCouponId: coupon.stripeCouponId });
    expect((await findCouponWithCodes(db(), coupon.id))?.redemptions).toBe(1);

    await buy(course.slug, spelling);
    const listed = (await listCoupons(db())).find((c) => c.id === coupon.id);
    expect(listed?.redemptions).toBe(2);
    expect(listed?.codes.map((c) => c.redemptions)).toEqual([2]);

    // Fulfilling the same Checkout again (a webhook retry) counts nothing twice.
    await fulfillCheckout(db(), sessionId);
    expect((await findCouponWithCodes(db(), coupon.id))?.redemptions).toBe(2);

    const redemptions = await listCouponRedemptions(db(), listed!.codes.map((c) => c.stripePromotionCodeId));
    const [sub] = await db().select().from(subscriptions).where(eq(subscriptions.userId, user.id));
    expect(redemptions.map((r) => r.mode).sort()).toEqual(['payment', 'subscription']);
    expect(redemptions.find((r) => r.mode === 'subscription')).toMatchObject({ amount: 1520, amountDiscount: 380, currency: 'usd', subscriptionId: sub!.id, paymentId: null, discountCode: spelling });
    expect(redemptions.find((r) => r.mode === 'payment')).toMatchObject({ amount: 3920, amountDiscount: 980, paymentStatus: 'succeeded' });
  });

  it('a discounted purchase queues a receipt email that shows the discount line', async () => {
    const { course } = await seedCourse(db());
    const { coupon } = await createCoupon(db(), ADMIN, percentCoupon([{ kind: 'course', id: course.id }]));
    const spelling = `MAIL${randomUUID().slice(0, 6)}`;
    await createPromotionCode(db(), ADMIN, code(coupon.id, spelling));
    const { user } = await buy(course.slug, spelling);
    const [message] = await db().select().from(outbox).where(and(eq(outbox.userId, user.id), eq(outbox.template, 'purchase-receipt')));
    const data = notificationSchemas['purchase-receipt'].parse(message!.data);
    expect(data).toMatchObject({ amount: 3920, currency: 'usd', discount: { amount: 980, code: spelling } });
    const text = await render(renderNotification('purchase-receipt', data).react, { plainText: true });
    expect(text).toContain(`Discount (${spelling})`);
    expect(text).toContain('−$9.80');
    expect(text).toContain('$49.00');
    expect(text).toContain('$39.20');
  });
});
