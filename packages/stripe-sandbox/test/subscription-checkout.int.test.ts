import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startTestSandbox, type TestSandbox } from './helpers';

let t: TestSandbox;
let monthly: Stripe.Price;

beforeAll(async () => {
  t = await startTestSandbox();
  const product = await t.stripe.products.create({ name: 'All-Access' });
  monthly = await t.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' } });
});
afterAll(async () => {
  await t.running.close();
});

const form = (url: string, fields: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ method: 'card', expiry: '12 / 34', cvc: '123', name: 'Ada', ...fields }).toString(),
    redirect: 'manual',
  });

async function subscriptionSession(extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return t.stripe.checkout.sessions.create({
    mode: 'subscription',
    line_items: [{ price: monthly.id, quantity: 1 }],
    success_url: 'https://shop.example/welcome?session_id={CHECKOUT_SESSION_ID}',
    allowed_payment_method_types: ['card'],
    ...extra,
  });
}

describe('subscription checkout', () => {
  it('creates the subscription, pays its first invoice and completes the session last', async () => {
    const cs = await subscriptionSession({ subscription_data: { metadata: { plan: 'all_access' } } });
    const html = await (await fetch(cs.url!)).text();
    expect(html).toContain('/ month');
    const res = await form(cs.url!, { email: 'sub@example.com', cardNumber: '4242424242424242' });
    expect(res.headers.get('location')).toBe(`https://shop.example/welcome?session_id=${cs.id}`);
    const done = await t.stripe.checkout.sessions.retrieve(cs.id, { expand: ['subscription', 'invoice'] });
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid' });
    const sub = done.subscription as Stripe.Subscription;
    expect(sub).toMatchObject({ status: 'active', metadata: { plan: 'all_access' }, customer: done.customer });
    expect(typeof sub.default_payment_method).toBe('string');
    expect((done.invoice as Stripe.Invoice).status).toBe('paid');
    const types = (await t.stripe.events.list({ limit: 30 })).data.map((e) => e.type).reverse();
    expect(types.at(-1)).toBe('checkout.session.completed');
    expect(types).toEqual(
      expect.arrayContaining(['customer.created', 'payment_method.attached', 'customer.subscription.created', 'invoice.finalized', 'invoice.paid']),
    );
    expect(types.indexOf('customer.subscription.created')).toBeLessThan(types.indexOf('invoice.paid'));
  });

  it('keeps the session open after a decline and subscribes with the next card', async () => {
    const cs = await subscriptionSession();
    // 0002 cannot even be attached: nothing is created.
    const refused = await form(cs.url!, { email: 'retry@example.com', cardNumber: '4000000000000002' });
    expect(await refused.text()).toContain('Your card was declined.');
    expect((await t.stripe.checkout.sessions.retrieve(cs.id)).subscription).toBeNull();
    // 0341 attaches, then its charge fails: the subscription waits, incomplete.
    const declined = await form(cs.url!, { email: 'retry@example.com', cardNumber: '4000000000000341' });
    expect(await declined.text()).toContain('Your card was declined.');
    const open = await t.stripe.checkout.sessions.retrieve(cs.id);
    expect(open.status).toBe('open');
    expect((await t.stripe.subscriptions.retrieve(open.subscription as string)).status).toBe('incomplete');
    await form(cs.url!, { email: 'retry@example.com', cardNumber: '4242424242424242' });
    const done = await t.stripe.checkout.sessions.retrieve(cs.id, { expand: ['subscription'] });
    expect(done.payment_status).toBe('paid');
    expect((done.subscription as Stripe.Subscription).status).toBe('active');
    expect(done.subscription && (done.subscription as Stripe.Subscription).id).toBe(open.subscription);
  });

  it('starts a trial with nothing to pay', async () => {
    const cs = await subscriptionSession({ subscription_data: { trial_period_days: 14 } });
    await form(cs.url!, { email: 'trial@example.com', cardNumber: '4242424242424242' });
    const done = await t.stripe.checkout.sessions.retrieve(cs.id, { expand: ['subscription'] });
    expect(done.payment_status).toBe('no_payment_required');
    expect((done.subscription as Stripe.Subscription).status).toBe('trialing');
  });

  it('completes after a 3-D Secure challenge', async () => {
    const cs = await subscriptionSession();
    const challenge = await form(cs.url!, { email: '3ds@example.com', cardNumber: '4000002500003155' });
    const url = new URL(challenge.headers.get('location')!, t.running.url).toString();
    expect(url).toContain('/c/3ds/');
    const back = await fetch(url, { method: 'POST', body: 'result=complete', headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
    const final = await fetch(new URL(back.headers.get('location')!, t.running.url), { redirect: 'manual' });
    expect(final.headers.get('location')).toContain('https://shop.example/welcome');
    expect((await t.stripe.checkout.sessions.retrieve(cs.id)).payment_status).toBe('paid');
  });
});

describe('hosted invoice page', () => {
  it('pays a failed invoice with another card and serves a PDF', async () => {
    const customer = await t.stripe.customers.create({ email: 'inv@example.com', payment_method: 'pm_card_chargeCustomerFail' });
    const pm = (await t.stripe.paymentMethods.list({ customer: customer.id })).data[0]!;
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }], default_payment_method: pm.id });
    expect(sub.status).toBe('incomplete');
    const invoice = await t.stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(invoice).toMatchObject({ status: 'open', attempt_count: 1 });
    const page = await (await fetch(invoice.hosted_invoice_url!)).text();
    expect(page).toContain('$15.00');
    const declined = await form(invoice.hosted_invoice_url!, { cardNumber: '4000000000009995' });
    expect(await declined.text()).toContain('Your card has insufficient funds.');
    const ok = await form(invoice.hosted_invoice_url!, { cardNumber: '4242424242424242' });
    expect(ok.status).toBe(303);
    expect((await t.stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
    expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
    const pdf = await fetch(invoice.invoice_pdf!);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await pdf.text()).startsWith('%PDF-1.4')).toBe(true);
  });
});
