import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startReceiver, startTestSandbox, waitFor, type TestSandbox } from './helpers';

let t: TestSandbox;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let price: Stripe.Price;
const secret = 'whsec_control_test';
const verifier = new Stripe('sk_test_verify', { apiVersion: '2026-10-28.endive' });

async function control(path: string, body?: unknown) {
  const res = await fetch(`${t.running.url}/_sandbox${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const received = () =>
  receiver.received.map((h) => verifier.webhooks.constructEvent(h.body, h.headers['stripe-signature'] as string, secret));

beforeAll(async () => {
  receiver = await startReceiver();
  t = await startTestSandbox({ webhookUrl: receiver.url, webhookSecret: secret });
});
beforeEach(async () => {
  await t.running.idle();
  await control('/reset', {});
  const product = await t.stripe.products.create({ name: 'Control' });
  price = await t.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2500 });
  await t.running.idle();
  receiver.received.length = 0;
});
afterAll(async () => {
  await t.running.close();
  await receiver.close();
});

async function bankCheckout(account: string) {
  const cs = await t.stripe.checkout.sessions.create({
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: 'https://shop.example/ok',
    allowed_payment_method_types: ['us_bank_account'],
  });
  const res = await fetch(cs.url!, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: 'bank@example.com', method: 'us_bank_account', routingNumber: '110000000', accountNumber: account }).toString(),
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  const session = await t.stripe.checkout.sessions.retrieve(cs.id);
  return { session, pi: session.payment_intent as string };
}

describe('bank debits', () => {
  it('settles a processing payment and emits async_payment_succeeded', async () => {
    const { session, pi } = await bankCheckout('000123456789');
    expect(session.payment_status).toBe('unpaid');
    const settled = await control(`/payment_intents/${pi}/settle`, {});
    expect(settled.json.status).toBe('succeeded');
    const after = await t.stripe.checkout.sessions.retrieve(session.id);
    expect(after.payment_status).toBe('paid');
    await waitFor(() => receiver.received.length >= 7);
    await t.running.idle();
    const flow = received().map((e) => e.type);
    expect(flow).toEqual([
      'payment_intent.created',
      'charge.pending',
      'payment_intent.processing',
      'checkout.session.completed',
      'charge.succeeded',
      'payment_intent.succeeded',
      'checkout.session.async_payment_succeeded',
    ]);
    const charge = await t.stripe.charges.list({ payment_intent: pi, expand: ['data.balance_transaction'] });
    // ACH Direct Debit: 0.8% of $25.00 = 20 cents.
    expect((charge.data[0]?.balance_transaction as Stripe.BalanceTransaction).fee).toBe(20);
  });

  it('fails a bank payment with the test account reason', async () => {
    const { session, pi } = await bankCheckout('000111111113');
    await control(`/payment_intents/${pi}/settle`, {});
    const intent = await t.stripe.paymentIntents.retrieve(pi);
    expect(intent.status).toBe('requires_payment_method');
    expect(intent.last_payment_error?.code).toBe('account_closed');
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe('unpaid');
    const events = await t.stripe.events.list({ type: 'checkout.session.async_payment_failed' });
    expect(events.data).toHaveLength(1);
  });
});

describe('webhook control', () => {
  it('redelivers an event, with duplicates', async () => {
    const customer = await t.stripe.customers.create({ email: 'dup@example.com' });
    await waitFor(() => received().some((e) => e.type === 'customer.created'));
    const event = received().find((e) => e.type === 'customer.created')!;
    expect((event.data.object as Stripe.Customer).id).toBe(customer.id);
    const res = await control(`/events/${event.id}/redeliver`, { count: 2 });
    expect((res.json.data as unknown[]).length).toBe(2);
    await waitFor(() => received().filter((e) => e.id === event.id).length === 3);
    const deliveries = await control(`/deliveries?event=${event.id}`);
    expect((deliveries.json.data as unknown[]).length).toBe(3);
  });

  it('holds deliveries and releases them newest first (out of order)', async () => {
    await control('/webhooks/pause', {});
    const a = await t.stripe.customers.create({ email: 'first@example.com' });
    const b = await t.stripe.customers.update(a.id, { name: 'Second' });
    expect(b.name).toBe('Second');
    await new Promise((r) => setTimeout(r, 50));
    expect(receiver.received).toHaveLength(0);
    await control('/webhooks/resume', { order: 'reverse' });
    await waitFor(() => received().filter((e) => e.type.startsWith('customer.')).length === 2);
    expect(received().filter((e) => e.type.startsWith('customer.')).map((e) => e.type)).toEqual(['customer.updated', 'customer.created']);
  });

  it('delivers chosen events in a chosen order', async () => {
    await control('/webhooks/pause', {});
    const c = await t.stripe.customers.create({ email: 'order@example.com' });
    await t.stripe.customers.update(c.id, { name: 'N' });
    const ids = (await t.stripe.events.list({ type: 'customer.*' })).data.map((e) => e.id); // newest first
    await control('/events/deliver', { events: ids });
    await waitFor(() => received().filter((e) => e.type.startsWith('customer.')).length >= 2);
    expect(received().slice(0, 2).map((e) => e.type)).toEqual(['customer.updated', 'customer.created']);
  });
});

describe('faults, clock, reset, dashboard', () => {
  it('injects faults through the control API', async () => {
    const res = await control('/faults', { path: '/v1/checkout/sessions', kind: 'rate_limit', count: 1 });
    expect(res.status).toBe(200);
    await expect(t.stripe.checkout.sessions.list()).rejects.toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    await expect(t.stripe.checkout.sessions.list()).resolves.toBeTruthy();
    expect((await control('/faults', { path: 'nope' })).status).toBe(400);
  });

  it('counts the API requests it serves (the request meter) until reset', async () => {
    await control('/requests/reset', {});
    const customer = await t.stripe.customers.create({ email: 'meter@bursar.test' });
    await t.stripe.customers.retrieve(customer.id);
    await t.stripe.customers.retrieve(customer.id);
    const report = (await control('/requests')).json as { total: number; peakPerSecond: number; byEndpoint: Record<string, number> };
    expect(report.total).toBe(3);
    expect(report.byEndpoint).toEqual({ 'GET /v1/customers/:id': 2, 'POST /v1/customers': 1 });
    expect(report.peakPerSecond).toBe(3);
    await control('/requests/reset', {});
    expect((await control('/requests')).json).toMatchObject({ total: 0, peakPerSecond: 0, byEndpoint: {} });
  });

  it('refuses control posts from other origins (a page the developer opens cannot reset or refund)', async () => {
    await control('/faults', { path: '/v1/customers', kind: 'error', count: 5 });
    const post = (headers: Record<string, string>) =>
      fetch(`${t.running.url}/_sandbox/reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: '',
        redirect: 'manual',
      });
    const refused: Record<string, string>[] = [
      { origin: 'http://evil.example' },
      { origin: 'null' },
      { origin: `http://attacker.example:${t.running.port}` },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: t.running.url },
    ];
    for (const headers of refused) {
      const res = await post(headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('cross_origin_refused');
    }
    // Nothing was reset: the fault is still there.
    expect(((await control('/faults')).json.data as unknown[]).length).toBe(1);
    // The dashboard's own form (same origin) and a script (no Origin) still work.
    expect((await post({ origin: t.running.url, 'sec-fetch-site': 'same-origin' })).status).toBe(303);
    await control('/faults', { path: '/v1/customers', kind: 'error', count: 5 });
    expect((await control('/reset', {})).status).toBe(200);
    expect((await control('/faults')).json.data).toEqual([]);
  });

  it('slows every matching request with a latency fault until cleared, and answers normally', async () => {
    const timed = async () => {
      const started = performance.now();
      const list = await t.stripe.customers.list({ limit: 1 });
      return { ms: performance.now() - started, list };
    };
    const res = await control('/faults', { path: '/v1/customers', kind: 'latency', latency_ms: 120 });
    expect(res.json).toMatchObject({ kind: 'latency', latencyMs: 120, remaining: null });
    for (let i = 0; i < 3; i++) {
      const { ms, list } = await timed();
      expect(ms).toBeGreaterThanOrEqual(115);
      expect(list.object).toBe('list');
    }
    // Other paths are not slowed, and nothing was consumed: the fault is still listed.
    expect(((await control('/faults')).json.data as unknown[]).length).toBe(1);
    await control('/faults/clear', {});
    expect((await control('/faults')).json.data).toEqual([]);
    expect((await control('/faults', { path: '/v1/customers', kind: 'latency', latency_ms: -1 })).status).toBe(400);
  });

  it('expires a session once the clock passes expires_at', async () => {
    const cs = await t.stripe.checkout.sessions.create({ line_items: [{ price: price.id, quantity: 1 }] });
    await control('/clock/advance', { seconds: 25 * 3600 });
    expect((await t.stripe.checkout.sessions.retrieve(cs.id)).status).toBe('expired');
  });

  it('renews real-time subscriptions when the clock moves, with a configurable dunning outcome', async () => {
    const set = await control('/dunning', { retry_days: [1], final_action: 'unpaid' });
    expect(set.json).toEqual({ retryDays: [1], finalAction: 'unpaid' });
    const product = await t.stripe.products.create({ name: 'Monthly' });
    const monthly = await t.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 900, recurring: { interval: 'month' } });
    const customer = await t.stripe.customers.create({ email: 'rt@example.com', payment_method: 'pm_card_visa' });
    const good = (await t.stripe.paymentMethods.list({ customer: customer.id })).data[0]!;
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }], default_payment_method: good.id });
    const bad = await t.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await t.stripe.subscriptions.update(sub.id, { default_payment_method: bad.id });
    await control('/clock/advance', { seconds: 32 * 86_400 });
    const after = await t.stripe.subscriptions.retrieve(sub.id);
    expect(after.status).toBe('unpaid');
    await control('/dunning', { retry_days: [3, 5, 7], final_action: 'cancel' });
  });

  it('resets state', async () => {
    await t.stripe.customers.create({ email: 'gone@example.com' });
    await control('/reset', {});
    expect((await t.stripe.customers.list()).data).toHaveLength(0);
    expect((await t.stripe.webhookEndpoints.list()).data).toHaveLength(1);
  });

  it('serves a dashboard listing objects, events and deliveries', async () => {
    await t.stripe.customers.create({ email: 'dash@example.com' });
    await t.running.idle();
    const html = await (await fetch(`${t.running.url}/_sandbox`)).text();
    expect(html).toContain('customer.created');
    expect(html).toContain('dash@example.com');
    expect(html).toContain('Webhook deliveries');
  });
});
