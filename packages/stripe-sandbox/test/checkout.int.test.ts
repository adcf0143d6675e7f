import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startTestSandbox, type TestSandbox } from './helpers';

let t: TestSandbox;
let usdPrice: Stripe.Price;
let jpyPrice: Stripe.Price;
let monthly: Stripe.Price;

beforeAll(async () => {
  t = await startTestSandbox();
  const product = await t.stripe.products.create({ name: 'TypeScript from scratch' });
  usdPrice = await t.stripe.prices.create({
    product: product.id,
    currency: 'usd',
    unit_amount: 4800,
    currency_options: { jpy: { unit_amount: 4800 }, eur: { unit_amount: 4500 } },
  });
  jpyPrice = await t.stripe.prices.create({ product: product.id, currency: 'jpy', unit_amount: 4800 });
  monthly = await t.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' } });
});
afterAll(async () => {
  await t.running.close();
});

/** Submits the hosted page's form like a browser would (without following redirects). */
async function pay(url: string, fields: Record<string, string>) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ method: 'card', expiry: '12 / 34', cvc: '123', name: 'Ada Lovelace', ...fields }).toString(),
    redirect: 'manual',
  });
}

async function session(extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return t.stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [{ price: usdPrice.id, quantity: 1 }],
    success_url: 'https://shop.example/success?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'https://shop.example/cancel',
    ...extra,
  });
}

describe('checkout sessions API', () => {
  it('creates a payment session with the accepted parameters', async () => {
    const customer = await t.stripe.customers.create({ email: 'buyer@example.com' });
    const cs = await session({
      client_reference_id: 'user_42',
      metadata: { course: 'ts' },
      customer: customer.id,
      allow_promotion_codes: true,
      invoice_creation: { enabled: true },
      expires_at: Math.floor(Date.now() / 1000) + 3600,
      allowed_payment_method_types: ['card'],
    });
    expect(cs.id).toMatch(/^cs_test_/);
    expect(cs.url).toBe(`${t.running.url}/c/pay/${cs.id}`);
    expect(cs).toMatchObject({
      status: 'open',
      payment_status: 'unpaid',
      amount_total: 4800,
      currency: 'usd',
      client_reference_id: 'user_42',
      metadata: { course: 'ts' },
      customer: customer.id,
      allow_promotion_codes: true,
      invoice_creation: { enabled: true },
      payment_intent: null,
    });
    expect(cs.line_items).toBeUndefined();
    const expanded = await t.stripe.checkout.sessions.retrieve(cs.id, { expand: ['line_items', 'line_items.data.price.product'] });
    expect(expanded.line_items?.data[0]?.amount_total).toBe(4800);
    expect((expanded.line_items?.data[0]?.price?.product as Stripe.Product).name).toBe('TypeScript from scratch');
    const items = await t.stripe.checkout.sessions.listLineItems(cs.id);
    expect(items.data).toHaveLength(1);
    expect(cs.payment_method_types).toEqual(['card']);
    expect(cs.allowed_payment_method_types).toEqual(['card']);
  });

  it('names the renamed payment_method_types parameter', async () => {
    await expect(
      session({ payment_method_types: ['card'] } as unknown as Stripe.Checkout.SessionCreateParams),
    ).rejects.toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'payment_method_types' });
  });

  it('prices a session in another currency from currency_options', async () => {
    const cs = await session({ currency: 'jpy', line_items: [{ price: usdPrice.id, quantity: 2 }] });
    expect(cs.currency).toBe('jpy');
    expect(cs.amount_total).toBe(9600);
    const html = await (await fetch(cs.url!)).text();
    expect(html).toContain('¥9,600');
  });

  it('accepts subscription mode with a recurring price and rejects mismatched modes', async () => {
    const sub = await t.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: monthly.id, quantity: 1 }],
      success_url: 'https://shop.example/s',
    });
    expect(sub.mode).toBe('subscription');
    await expect(session({ line_items: [{ price: monthly.id, quantity: 1 }] })).rejects.toMatchObject({
      statusCode: 400,
      param: 'line_items[0][price]',
    });
    await expect(
      t.stripe.checkout.sessions.create({ mode: 'subscription', line_items: [{ price: usdPrice.id, quantity: 1 }] }),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(session({ line_items: [{ price: 'price_missing', quantity: 1 }] })).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    });
    await expect(session({ customer_email: 'a@b.co', customer: 'cus_x' })).rejects.toMatchObject({ statusCode: 400 });
    await expect(session({ expires_at: Math.floor(Date.now() / 1000) + 60 })).rejects.toMatchObject({ param: 'expires_at' });
  });

  it('expires an open session and refuses to expire it twice', async () => {
    const cs = await session();
    const expired = await t.stripe.checkout.sessions.expire(cs.id);
    expect(expired.status).toBe('expired');
    await expect(t.stripe.checkout.sessions.expire(cs.id)).rejects.toMatchObject({ statusCode: 400 });
    const events = await t.stripe.events.list({ type: 'checkout.session.expired', limit: 1 });
    expect((events.data[0]?.data.object as Stripe.Checkout.Session).id).toBe(cs.id);
  });
});

describe('hosted checkout', () => {
  it('pays with 4242, redirects to success_url and emits events in Stripe order', async () => {
    const cs = await session({ customer_email: 'ada@example.com', client_reference_id: 'u1' });
    const html = await (await fetch(cs.url!)).text();
    expect(html).toContain('$48.00');
    expect(html).toContain('TypeScript from scratch');
    const res = await pay(cs.url!, { email: 'ada@example.com', cardNumber: '4242 4242 4242 4242' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`https://shop.example/success?session_id=${cs.id}`);
    const done = await t.stripe.checkout.sessions.retrieve(cs.id, { expand: ['payment_intent.latest_charge'] });
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid', customer_details: { email: 'ada@example.com', name: 'Ada Lovelace' } });
    const pi = done.payment_intent as Stripe.PaymentIntent;
    expect(pi.status).toBe('succeeded');
    expect((pi.latest_charge as Stripe.Charge).receipt_url).toContain('/receipts/');
    const events = await t.stripe.events.list({ created: { gte: done.created }, limit: 10 });
    const flow = events.data
      .filter((e) => {
        const o = e.data.object as { id: string; payment_intent?: string };
        return o.id === cs.id || o.id === pi.id || o.payment_intent === pi.id;
      })
      .map((e) => e.type)
      .reverse();
    expect(flow).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded', 'checkout.session.completed']);
  });

  it('shows the decline in Stripe words, then accepts another card in the same session', async () => {
    const cs = await session();
    const declined = await pay(cs.url!, { email: 'b@example.com', cardNumber: '4000000000000002' });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('Your card was declined.');
    for (const [card, msg] of [
      ['4000000000009995', 'Your card has insufficient funds.'],
      ['4000000000000069', 'Your card has expired.'],
      ['4000000000000127', 'Your card&#39;s security code is incorrect.'],
      ['4000000000000341', 'Your card was declined.'],
      ['4242424242424241', 'Your card number is incorrect.'],
    ] as const) {
      expect(await (await pay(cs.url!, { email: 'b@example.com', cardNumber: card })).text()).toContain(msg);
    }
    expect((await t.stripe.checkout.sessions.retrieve(cs.id)).status).toBe('open');
    const ok = await pay(cs.url!, { email: 'b@example.com', cardNumber: '4242424242424242' });
    expect(ok.status).toBe(303);
    const done = await t.stripe.checkout.sessions.retrieve(cs.id);
    expect(done.payment_status).toBe('paid');
    const charges = await t.stripe.charges.list({ payment_intent: done.payment_intent as string, limit: 10 });
    expect(charges.data.filter((c) => c.status === 'failed')).toHaveLength(5);
  });

  it('runs a 3-D Secure challenge: fail keeps the session open, complete pays', async () => {
    const cs = await session();
    const challenge = await pay(cs.url!, { email: 'c@example.com', cardNumber: '4000002500003155' });
    expect(challenge.status).toBe(303);
    const challengeUrl = new URL(challenge.headers.get('location')!, t.running.url).toString();
    expect(challengeUrl).toContain('/c/3ds/pi_');
    const fail = await fetch(challengeUrl, { method: 'POST', body: 'result=fail', headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
    const back = await (await fetch(new URL(fail.headers.get('location')!, t.running.url))).text();
    expect(back).toContain('We are unable to authenticate your payment method.');
    const again = await pay(cs.url!, { email: 'c@example.com', cardNumber: '4000002500003155' });
    const url2 = new URL(again.headers.get('location')!, t.running.url).toString();
    const complete = await fetch(url2, { method: 'POST', body: 'result=complete', headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
    const final = await fetch(new URL(complete.headers.get('location')!, t.running.url), { redirect: 'manual' });
    expect(final.headers.get('location')).toContain('https://shop.example/success');
    expect((await t.stripe.checkout.sessions.retrieve(cs.id)).payment_status).toBe('paid');
  });

  it('records a dispute intent for 0259', async () => {
    const cs = await session();
    await pay(cs.url!, { email: 'd@example.com', cardNumber: '4000000000000259' });
    const done = await t.stripe.checkout.sessions.retrieve(cs.id, { expand: ['payment_intent'] });
    const chargeId = (done.payment_intent as Stripe.PaymentIntent).latest_charge as string;
    expect(t.running.sandbox.store.internal('dispute_intents')[chargeId]).toMatchObject({ reason: 'fraudulent' });
  });

  it('leaves a bank debit processing and unpaid until settled', async () => {
    const cs = await session({ allowed_payment_method_types: ['card', 'us_bank_account'] });
    const res = await pay(cs.url!, {
      email: 'e@example.com',
      method: 'us_bank_account',
      routingNumber: '110000000',
      accountNumber: '000123456789',
    });
    expect(res.status).toBe(303);
    const done = await t.stripe.checkout.sessions.retrieve(cs.id, { expand: ['payment_intent'] });
    expect(done.status).toBe('complete');
    expect(done.payment_status).toBe('unpaid');
    expect((done.payment_intent as Stripe.PaymentIntent).status).toBe('processing');
  });

  it('issues a paid invoice for the purchase with invoice_creation', async () => {
    const customer = await t.stripe.customers.create({ email: 'invoice@example.com' });
    const cs = await session({ customer: customer.id, invoice_creation: { enabled: true, invoice_data: { metadata: { order: 'o_9' } } } });
    await pay(cs.url!, { email: 'invoice@example.com', cardNumber: '4242424242424242' });
    const done = await t.stripe.checkout.sessions.retrieve(cs.id, { expand: ['invoice'] });
    const invoice = done.invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: 'paid', amount_paid: 4800, billing_reason: 'manual', customer: customer.id, metadata: { order: 'o_9' } });
    expect(invoice.hosted_invoice_url).toContain('/i/');
    const completed = (await t.stripe.events.list({ type: 'checkout.session.completed', limit: 1 })).data[0]!;
    expect((completed.data.object as Stripe.Checkout.Session).invoice).toBe(invoice.id);
  });

  it('creates a customer and saves the card with payment_intent_data[setup_future_usage]', async () => {
    const cs = await session({ payment_intent_data: { setup_future_usage: 'off_session', metadata: { kind: 'course' } }, submit_type: 'book' });
    expect(await (await fetch(cs.url!)).text()).toContain('Book $48.00');
    await pay(cs.url!, { email: 'save@example.com', cardNumber: '4242424242424242' });
    const done = await t.stripe.checkout.sessions.retrieve(cs.id, { expand: ['payment_intent'] });
    expect(typeof done.customer).toBe('string');
    const pi = done.payment_intent as Stripe.PaymentIntent;
    expect(pi.metadata).toEqual({ kind: 'course' });
    const saved = await t.stripe.paymentMethods.list({ customer: done.customer as string });
    expect(saved.data.map((p) => p.id)).toEqual([pi.payment_method]);
    await expect(session({ locale: 'fr' })).rejects.toMatchObject({ param: 'locale' });
  });

  it('prefills and locks the email of an existing customer', async () => {
    const customer = await t.stripe.customers.create({ email: 'known@example.com' });
    const cs = await session({ customer: customer.id });
    const html = await (await fetch(cs.url!)).text();
    expect(html).toMatch(/<input id="email"[^>]*value="known@example.com"[^>]*readonly/);
    const open = await session();
    expect(await (await fetch(open.url!)).text()).not.toMatch(/<input id="email"[^>]*readonly/);
  });

  it('shows a JPY total without decimals', async () => {
    const cs = await session({ line_items: [{ price: jpyPrice.id, quantity: 1 }] });
    const html = await (await fetch(cs.url!)).text();
    expect(html).toContain('¥4,800');
    expect(html).not.toContain('¥48.00');
  });

  it('sends a completed session to success_url and an expired one to a notice', async () => {
    const cs = await session();
    await t.stripe.checkout.sessions.expire(cs.id);
    const html = await (await fetch(cs.url!)).text();
    expect(html).toContain('expired');
  });
});
