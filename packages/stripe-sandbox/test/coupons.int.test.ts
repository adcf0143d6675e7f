import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startTestSandbox, type TestSandbox } from './helpers';

let t: TestSandbox;
let course: Stripe.Price;
let monthly: Stripe.Price;
const START = Date.UTC(2027, 2, 1, 12) / 1000;

beforeAll(async () => {
  t = await startTestSandbox();
  const product = await t.stripe.products.create({ name: 'Course' });
  course = await t.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 4800 });
  const plan = await t.stripe.products.create({ name: 'All-Access' });
  monthly = await t.stripe.prices.create({ product: plan.id, currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' } });
});
afterAll(async () => {
  await t.running.close();
});

async function waitForClock(id: string): Promise<void> {
  while ((await t.stripe.testHelpers.testClocks.retrieve(id)).status !== 'ready') await new Promise((r) => setTimeout(r, 10));
}

const post = (url: string, fields: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });

describe('coupons and promotion codes', () => {
  it('creates, lists, updates and deletes', async () => {
    const coupon = await t.stripe.coupons.create({ percent_off: 25, duration: 'once', name: 'Launch' });
    expect(coupon).toMatchObject({ percent_off: 25, duration: 'once', valid: true, times_redeemed: 0 });
    const promo = await t.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'LAUNCH25' });
    expect(promo.code).toBe('LAUNCH25');
    expect((await t.stripe.promotionCodes.list({ code: 'launch25' })).data.map((p) => p.id)).toEqual([promo.id]);
    await expect(t.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'LAUNCH25' })).rejects.toMatchObject({ param: 'code' });
    await expect(t.stripe.coupons.create({ amount_off: 500 })).rejects.toMatchObject({ param: 'currency' });
    const renamed = await t.stripe.coupons.update(coupon.id, { name: 'Launch week' });
    expect(renamed.name).toBe('Launch week');
    const other = await t.stripe.coupons.create({ amount_off: 500, currency: 'usd' });
    expect((await t.stripe.coupons.del(other.id)).deleted).toBe(true);
  });

  it('applies discounts[0][coupon] to a payment session and charges the discounted total', async () => {
    const coupon = await t.stripe.coupons.create({ amount_off: 800, currency: 'usd' });
    const cs = await t.stripe.checkout.sessions.create({
      line_items: [{ price: course.id, quantity: 1 }],
      discounts: [{ coupon: coupon.id }],
      success_url: 'https://shop.example/ok',
      allowed_payment_method_types: ['card'],
    });
    expect(cs).toMatchObject({ amount_subtotal: 4800, amount_total: 4000, total_details: { amount_discount: 800 } });
    expect(cs.discounts).toEqual([{ coupon: coupon.id, promotion_code: null }]);
    const items = await t.stripe.checkout.sessions.listLineItems(cs.id);
    expect(items.data[0]).toMatchObject({ amount_discount: 800, amount_total: 4000 });
    await post(cs.url!, { email: 'd@example.com', method: 'card', cardNumber: '4242424242424242', expiry: '12/34', cvc: '123' });
    const done = await t.stripe.checkout.sessions.retrieve(cs.id, { expand: ['payment_intent'] });
    expect((done.payment_intent as Stripe.PaymentIntent).amount).toBe(4000);
    expect((await t.stripe.coupons.retrieve(coupon.id)).times_redeemed).toBe(1);
    await expect(
      t.stripe.checkout.sessions.create({ line_items: [{ price: course.id, quantity: 1 }], discounts: [{ coupon: coupon.id }], allow_promotion_codes: true }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  it('takes a promotion code on the hosted page when allowed', async () => {
    const coupon = await t.stripe.coupons.create({ percent_off: 50, duration: 'once' });
    const promo = await t.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'HALF', max_redemptions: 1 });
    await t.stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      code: 'OLD',
      expires_at: Math.floor(Date.now() / 1000) - 60,
    });
    const cs = await t.stripe.checkout.sessions.create({
      line_items: [{ price: course.id, quantity: 1 }],
      allow_promotion_codes: true,
      success_url: 'https://shop.example/ok',
      allowed_payment_method_types: ['card'],
    });
    expect(await (await fetch(cs.url!)).text()).toContain('Promotion code');
    expect(await (await post(`${cs.url}/promotion`, { code: 'NOPE' })).text()).toContain('This code is invalid.');
    expect(await (await post(`${cs.url}/promotion`, { code: 'OLD' })).text()).toContain('This code has expired.');
    expect((await post(`${cs.url}/promotion`, { code: 'half' })).status).toBe(303);
    const html = await (await fetch(cs.url!)).text();
    expect(html).toContain('Discount (HALF)');
    expect(html).toContain('$24.00');
    const applied = await t.stripe.checkout.sessions.retrieve(cs.id);
    expect(applied.discounts).toEqual([{ coupon: coupon.id, promotion_code: promo.id }]);
    await post(cs.url!, { email: 'p@example.com', method: 'card', cardNumber: '4242424242424242', expiry: '12/34', cvc: '123' });
    expect((await t.stripe.promotionCodes.retrieve(promo.id)).times_redeemed).toBe(1);
    const next = await t.stripe.checkout.sessions.create({ line_items: [{ price: course.id, quantity: 1 }], allow_promotion_codes: true });
    expect(await (await post(`${next.url}/promotion`, { code: 'HALF' })).text()).toContain('This code is invalid.');
  });

  it('limits a coupon to products (applies_to): only those items are discounted, a code for other items is refused', async () => {
    const other = await t.stripe.products.create({ name: 'Other course' });
    const otherPrice = await t.stripe.prices.create({ product: other.id, currency: 'usd', unit_amount: 2000 });
    await expect(t.stripe.coupons.create({ percent_off: 20, applies_to: { products: ['prod_missing'] } })).rejects.toMatchObject({ param: 'applies_to[products][0]' });
    const coupon = await t.stripe.coupons.create({ percent_off: 20, applies_to: { products: [course.product as string] } });
    expect(coupon.applies_to).toBeUndefined();
    expect((await t.stripe.coupons.retrieve(coupon.id, { expand: ['applies_to'] })).applies_to).toEqual({ products: [course.product] });
    await t.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'ONECOURSE20' });

    const wrong = await t.stripe.checkout.sessions.create({ line_items: [{ price: otherPrice.id, quantity: 1 }], allow_promotion_codes: true, success_url: 'https://shop.example/ok' });
    const refused = await post(`${wrong.url}/promotion`, { code: 'ONECOURSE20' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('This code is not valid for the items in your order.');
    expect((await t.stripe.checkout.sessions.retrieve(wrong.id)).total_details?.amount_discount).toBe(0);
    await expect(
      t.stripe.checkout.sessions.create({ line_items: [{ price: otherPrice.id, quantity: 1 }], discounts: [{ coupon: coupon.id }], success_url: 'https://shop.example/ok' }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'discounts[0]' });

    const both = await t.stripe.checkout.sessions.create({
      line_items: [{ price: course.id, quantity: 1 }, { price: otherPrice.id, quantity: 1 }],
      allow_promotion_codes: true,
      success_url: 'https://shop.example/ok',
      allowed_payment_method_types: ['card'],
    });
    expect((await post(`${both.url}/promotion`, { code: 'onecourse20' })).status).toBe(303);
    const applied = await t.stripe.checkout.sessions.retrieve(both.id, { expand: ['discounts.promotion_code'] });
    // 20% of the course's 48.00 only; the other course is not discounted.
    expect(applied).toMatchObject({ amount_subtotal: 6800, amount_total: 5840, total_details: { amount_discount: 960 } });
    expect((applied.discounts?.[0]?.promotion_code as Stripe.PromotionCode).code).toBe('ONECOURSE20');
    const items = (await t.stripe.checkout.sessions.listLineItems(both.id)).data;
    expect(items.map((li) => li.amount_discount)).toEqual([960, 0]);
    await post(both.url!, { email: 'o@example.com', method: 'card', cardNumber: '4242424242424242', expiry: '12/34', cvc: '123' });
    const done = await t.stripe.checkout.sessions.retrieve(both.id, { expand: ['payment_intent'] });
    expect((done.payment_intent as Stripe.PaymentIntent).amount).toBe(5840);
  });

  it('completes a fully discounted order without asking for payment', async () => {
    const coupon = await t.stripe.coupons.create({ percent_off: 100 });
    const cs = await t.stripe.checkout.sessions.create({
      line_items: [{ price: course.id, quantity: 1 }],
      discounts: [{ coupon: coupon.id }],
      success_url: 'https://shop.example/ok',
    });
    const html = await (await fetch(cs.url!)).text();
    expect(html).toContain('Complete order');
    expect(html).not.toContain('Card number');
    const res = await post(cs.url!, { email: 'free@example.com', name: 'Free' });
    expect(res.headers.get('location')).toBe('https://shop.example/ok');
    const done = await t.stripe.checkout.sessions.retrieve(cs.id);
    expect(done).toMatchObject({ status: 'complete', payment_status: 'no_payment_required', payment_intent: null });
  });

  it('discounts subscription invoices for a repeating coupon’s months only', async () => {
    const coupon = await t.stripe.coupons.create({ percent_off: 20, duration: 'repeating', duration_in_months: 2 });
    const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: START });
    const customer = await t.stripe.customers.create({ email: 'r@example.com', test_clock: clock.id, payment_method: 'pm_card_visa' });
    const pm = (await t.stripe.paymentMethods.list({ customer: customer.id })).data[0]!;
    const sub = await t.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
      default_payment_method: pm.id,
      discounts: [{ coupon: coupon.id }],
    });
    expect(sub.discounts).toHaveLength(1);
    const first = await t.stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(first).toMatchObject({ subtotal: 1500, total: 1200, amount_paid: 1200 });
    expect(first.total_discount_amounts?.[0]?.amount).toBe(300);
    // The control API advances and answers once the clock is ready.
    const res = await fetch(`${t.running.url}/_sandbox/test_clocks/${clock.id}/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ frozen_time: START + 62 * 86_400 }),
    });
    expect(((await res.json()) as { status: string }).status).toBe('ready');
    const invoices = (await t.stripe.invoices.list({ subscription: sub.id })).data.reverse();
    expect(invoices.map((i) => i.total)).toEqual([1200, 1200, 1500]);
  });

  it('starts a subscription active when its first invoice is $0 (100 %-off once): paid at once, nothing charged', async () => {
    const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: START });
    const customer = await t.stripe.customers.create({ email: 'free-first@example.com', test_clock: clock.id, payment_method: 'pm_card_visa' });
    const pm = (await t.stripe.paymentMethods.list({ customer: customer.id })).data[0]!;
    const once = await t.stripe.coupons.create({ percent_off: 100, duration: 'once' });
    const sub = await t.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
      default_payment_method: pm.id,
      discounts: [{ coupon: once.id }],
      expand: ['latest_invoice.payments'],
    });
    expect(sub.status).toBe('active');
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: 'paid', subtotal: 1500, total: 0, amount_due: 0, amount_paid: 0, billing_reason: 'subscription_create' });
    expect(invoice.status_transitions.paid_at).toBe(START);
    expect(invoice.payments?.data).toEqual([]);
    expect((await t.stripe.paymentIntents.list({ customer: customer.id })).data).toEqual([]);
    // Created active, as Stripe does: no incomplete → active update.
    const subEvents = (await t.stripe.events.list({ limit: 100 })).data.filter(
      (e) => e.type.startsWith('customer.subscription.') && (e.data.object as Stripe.Subscription).id === sub.id,
    );
    expect(subEvents.map((e) => [e.type, (e.data.object as Stripe.Subscription).status])).toEqual([['customer.subscription.created', 'active']]);
    const invoiceEvents = (await t.stripe.events.list({ limit: 100 })).data
      .filter((e) => e.type.startsWith('invoice.') && (e.data.object as Stripe.Invoice).id === invoice.id)
      .map((e) => e.type)
      .reverse();
    expect(invoiceEvents).toEqual(['invoice.created', 'invoice.finalized', 'invoice.paid', 'invoice.payment_succeeded']);
    // The next period costs the full price and is charged to the card.
    await t.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START + 32 * 86_400 });
    await waitForClock(clock.id);
    const invoices = (await t.stripe.invoices.list({ subscription: sub.id })).data.reverse();
    expect(invoices.map((i) => [i.total, i.amount_paid, i.status])).toEqual([
      [0, 0, 'paid'],
      [1500, 1500, 'paid'],
    ]);
    expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });

  it('starts active without a card when an amount-off coupon covers the price; a price left to pay still needs one', async () => {
    const customer = await t.stripe.customers.create({ email: 'no-card@example.com' });
    const covers = await t.stripe.coupons.create({ amount_off: 2000, currency: 'usd', duration: 'once' });
    const incomplete = await t.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
      discounts: [{ coupon: covers.id }],
      payment_behavior: 'default_incomplete',
      expand: ['latest_invoice'],
    });
    expect(incomplete.status).toBe('active');
    expect(incomplete.latest_invoice).toMatchObject({ status: 'paid', subtotal: 1500, total: 0, amount_paid: 0 });
    const allowIncomplete = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }], discounts: [{ coupon: covers.id }] });
    expect(allowIncomplete.status).toBe('active');
    const half = await t.stripe.coupons.create({ percent_off: 50, duration: 'once' });
    await expect(
      t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }], discounts: [{ coupon: half.id }] }),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining('no attached payment source') });
    // With something to pay, default_incomplete still starts incomplete.
    const owing = await t.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
      discounts: [{ coupon: half.id }],
      payment_behavior: 'default_incomplete',
    });
    expect(owing.status).toBe('incomplete');
  });

  it('starts active when the customer’s credit pays the first invoice, or it is below the minimum charge', async () => {
    const credited = await t.stripe.customers.create({ email: 'credit@example.com', balance: -5000, payment_method: 'pm_card_visa' });
    const pm = (await t.stripe.paymentMethods.list({ customer: credited.id })).data[0]!;
    const sub = await t.stripe.subscriptions.create({ customer: credited.id, items: [{ price: monthly.id }], default_payment_method: pm.id, expand: ['latest_invoice'] });
    expect(sub.status).toBe('active');
    expect(sub.latest_invoice).toMatchObject({ status: 'paid', total: 1500, amount_due: 0, amount_paid: 0, starting_balance: -5000, ending_balance: -3500 });
    expect((await t.stripe.customers.retrieve(credited.id)) as Stripe.Customer).toMatchObject({ balance: -3500 });
    expect((await t.stripe.paymentIntents.list({ customer: credited.id })).data).toEqual([]);

    // 15.00 − 14.80 = 0.20, under USD's 0.50 minimum: it goes to the balance and the invoice is paid at 0.
    const customer = await t.stripe.customers.create({ email: 'tiny@example.com', payment_method: 'pm_card_visa' });
    const card = (await t.stripe.paymentMethods.list({ customer: customer.id })).data[0]!;
    const almost = await t.stripe.coupons.create({ amount_off: 1480, currency: 'usd', duration: 'once' });
    const tiny = await t.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
      default_payment_method: card.id,
      discounts: [{ coupon: almost.id }],
      expand: ['latest_invoice'],
    });
    expect(tiny.status).toBe('active');
    expect(tiny.latest_invoice).toMatchObject({ status: 'paid', total: 20, amount_paid: 0 });
    expect((await t.stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ balance: 20 });
  });
});
