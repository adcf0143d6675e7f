import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { TABLE_PATH, buildTable, sandboxRoutes, serializeTable } from '../tools/sdk-params';
import { startTestSandbox, type TestSandbox } from './helpers';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t.running.close();
});

/** A raw form POST, as another SDK (or curl) would send it. */
async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.running.url}${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk_test_raw', 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: Record<string, unknown> } };
}

describe('the SDK parameter table', () => {
  it('is current: regenerating it from the installed SDK and the served routes gives the committed file', async () => {
    const table = buildTable(await sandboxRoutes());
    expect(serializeTable(table) === readFileSync(TABLE_PATH, 'utf8'), 'stale: run `npm run sdk-params -w @bursar/stripe-sandbox`').toBe(true);
    // Every /v1 route the sandbox serves is an SDK call.
    const unmapped = Object.entries(table.routes).filter(([, type]) => type === null).map(([route]) => route);
    expect(unmapped).toEqual([]);
    expect(table.routes['POST /v1/payment_intents']).toBe('PaymentIntentCreateParams');
  }, 180_000);
});

describe('other encodings (form decoder)', () => {
  it('takes booleans in any letter case, as Python and .NET send them, and refuses 1/0 as Stripe does', async () => {
    const ok = await post('/v1/payment_intents', 'amount=1200&currency=usd&payment_method=pm_card_visa&confirm=True');
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('succeeded');
    const upper = await post('/v1/payment_intents', 'amount=1200&currency=usd&confirm=FALSE&automatic_payment_methods[enabled]=True');
    expect(upper.status).toBe(200);
    expect(upper.body.status).toBe('requires_payment_method');
    const one = await post('/v1/payment_intents', 'amount=1200&currency=usd&confirm=1');
    expect(one.status).toBe(400);
    expect(one.body.error).toMatchObject({ message: 'Invalid boolean: 1', param: 'confirm' });
  });

  it('takes decimals as Python prints them and signed integers', async () => {
    const coupon = await post('/v1/coupons', 'percent_off=1e1&duration=once');
    expect(coupon.status).toBe(200);
    expect(coupon.body.percent_off).toBe(10);
    const half = await post('/v1/coupons', 'percent_off=.5&duration=once');
    expect(half.body.percent_off).toBe(0.5);
    const signed = await post('/v1/payment_intents', 'amount=%2B1500&currency=usd');
    expect(signed.body.amount).toBe(1500);
    const bad = await post('/v1/payment_intents', 'amount=15.00&currency=usd');
    expect(bad.body.error).toMatchObject({ code: 'parameter_invalid_integer', param: 'amount' });
  });
});

describe('parameters the SDK declares', () => {
  const shipping = { name: 'Ada Lovelace', address: { line1: '1 Analytical Row', city: 'London', postal_code: 'N1 9GU', country: 'GB' } };

  it('stores shipping on a PaymentIntent and sends it in payment_intent.succeeded', async () => {
    const pi = await t.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, shipping });
    expect(pi.shipping).toMatchObject({ name: 'Ada Lovelace', carrier: null, address: { line1: '1 Analytical Row', line2: null, country: 'GB' } });
    const event = (await t.stripe.events.list({ type: 'payment_intent.succeeded', limit: 1 })).data[0];
    expect((event?.data.object as Stripe.PaymentIntent).shipping?.name).toBe('Ada Lovelace');
    const updated = await t.stripe.paymentIntents.create({ amount: 2000, currency: 'usd' });
    expect((await t.stripe.paymentIntents.update(updated.id, { shipping: { ...shipping, name: 'B' } })).shipping?.name).toBe('B');
  });

  it('accepts a declared parameter it does not implement, keeps it, and shows it where the object has the field', async () => {
    const pi = await t.stripe.paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      statement_descriptor_suffix: 'COURSE',
      transfer_group: 'order_9',
      payment_method_options: { card: { request_three_d_secure: 'any' } },
      radar_options: { session: 'rs_1' },
      error_on_requires_action: true,
    });
    expect(pi.statement_descriptor_suffix).toBe('COURSE');
    expect(pi.transfer_group).toBe('order_9');
    expect(pi.payment_method_options).toEqual({ card: { request_three_d_secure: 'any' } });
    expect((await t.stripe.paymentIntents.retrieve(pi.id)).transfer_group).toBe('order_9');
    const kept = (await (await fetch(`${t.running.url}/_sandbox/accepted_params/${pi.id}`)).json()) as { accepted: Record<string, unknown> };
    expect(kept.accepted).toMatchObject({ radar_options: { session: 'rs_1' }, error_on_requires_action: true });
  });

  it('validates declared parameters against the SDK types and still refuses what Stripe would', async () => {
    const err = (p: Record<string, unknown>) =>
      t.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', ...p } as Stripe.PaymentIntentCreateParams).then(
        () => null,
        (e: Stripe.errors.StripeError) => e,
      );
    expect(await err({ shipping: { ...shipping, bogus: 1 } })).toMatchObject({ code: 'parameter_unknown', param: 'shipping[bogus]' });
    expect(await err({ shipping: { address: shipping.address } })).toMatchObject({ code: 'parameter_missing', param: 'shipping[name]' });
    expect(await err({ radar_options: { nope: 'x' } })).toMatchObject({ code: 'parameter_unknown', param: 'radar_options[nope]' });
    expect(await err({ error_on_requires_action: 'maybe' })).toMatchObject({ param: 'error_on_requires_action', message: 'Invalid boolean: maybe' });
    expect(await err({ not_a_stripe_param: 'x' })).toMatchObject({ code: 'parameter_unknown', param: 'not_a_stripe_param' });
  });

  it('takes payment_intent_data[shipping] on Checkout and puts it on the PaymentIntent', async () => {
    const price = await t.stripe.prices.create({ currency: 'usd', unit_amount: 4800, product_data: { name: 'Course' } });
    const cs = await t.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://example.com/ok',
      payment_intent_data: { shipping, statement_descriptor_suffix: 'COURSE' },
    });
    const page = await fetch(`${t.running.url}/c/pay/${cs.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ method: 'card', email: 'ada@example.com', cardNumber: '4242 4242 4242 4242', expiry: '12 / 34', cvc: '123', name: 'Ada' }).toString(),
      redirect: 'manual',
    });
    expect(page.status).toBe(303);
    const paid = await t.stripe.checkout.sessions.retrieve(cs.id, { expand: ['payment_intent'] });
    const pi = paid.payment_intent as Stripe.PaymentIntent;
    expect(pi.status).toBe('succeeded');
    expect(pi.shipping?.name).toBe('Ada Lovelace');
    expect(pi.statement_descriptor_suffix).toBe('COURSE');
  });

  it('follows the pinned version on payment method types: allowed_payment_method_types everywhere, payment_method_types named as renamed', async () => {
    const pi = await t.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', allowed_payment_method_types: ['card'] });
    expect(pi.allowed_payment_method_types).toEqual(['card']);
    expect(pi.payment_method_types).toEqual(['card']);
    const updated = await t.stripe.paymentIntents.update(pi.id, { allowed_payment_method_types: ['card', 'us_bank_account'] });
    expect(updated.payment_method_types).toEqual(['card', 'us_bank_account']);
    const old = await t.stripe.paymentIntents
      .create({ amount: 2000, currency: 'usd', payment_method_types: ['card'] } as unknown as Stripe.PaymentIntentCreateParams)
      .catch((e: Stripe.errors.StripeError) => e);
    expect(old).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'payment_method_types' });
    expect((old as Stripe.errors.StripeError).message).toContain('allowed_payment_method_types');
  });
});
