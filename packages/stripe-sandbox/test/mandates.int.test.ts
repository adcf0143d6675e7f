import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { startTestSandbox, type TestSandbox } from './helpers';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t.running.close();
});

const settle = (pi: string) => fetch(`${t.running.url}/_sandbox/payment_intents/${pi}/settle`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
const holder = { name: 'Jenny Rosen', email: 'jenny@example.com' };
const sepaPm = (iban = 'DE89370400440532013000') => t.stripe.paymentMethods.create({ type: 'sepa_debit', sepa_debit: { iban }, billing_details: holder });
const online = { customer_acceptance: { type: 'online' as const, online: { ip_address: '203.0.113.7', user_agent: 'Mozilla/5.0 (test)' } } };

async function eventsFor(id: string, type: string) {
  return (await t.stripe.events.list({ type, limit: 100 })).data.filter((e) => (e.data.object as { id: string }).id === id);
}

describe('SEPA Direct Debit mandates', () => {
  it('records a single-use mandate for a one-off debit, names it on the charge, and spends it once the debit settles', async () => {
    const pm = await sepaPm();
    const pi = await t.stripe.paymentIntents.create({
      amount: 4800,
      currency: 'eur',
      allowed_payment_method_types: ['sepa_debit'],
      payment_method: pm.id,
      confirm: true,
      mandate_data: online,
    });
    expect(pi.status).toBe('processing');
    const mandateId = (await t.stripe.charges.retrieve(pi.latest_charge as string)).payment_method_details?.sepa_debit?.mandate;
    expect(mandateId).toMatch(/^mandate_/);
    const mandate = await t.stripe.mandates.retrieve(mandateId!);
    expect(mandate).toMatchObject({
      object: 'mandate',
      type: 'single_use',
      single_use: { amount: 4800, currency: 'eur' },
      status: 'active',
      payment_method: pm.id,
      customer_acceptance: { type: 'online', online: { ip_address: '203.0.113.7', user_agent: 'Mozilla/5.0 (test)' } },
      payment_method_details: { type: 'sepa_debit' },
    });
    expect(mandate.multi_use).toBeUndefined();
    expect(mandate.customer_acceptance.accepted_at).toBeGreaterThan(0);
    expect(mandate.payment_method_details.sepa_debit?.reference).toMatch(/^[A-Z0-9]{16}$/);
    // The mandate's url is a page the customer can be shown.
    const page = await fetch(mandate.payment_method_details.sepa_debit!.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(mandate.payment_method_details.sepa_debit!.reference);
    expect(html).toContain('3000');

    expect((await settle(pi.id)).status).toBe(200);
    expect((await t.stripe.mandates.retrieve(mandate.id)).status).toBe('inactive');
    const updated = await eventsFor(mandate.id, 'mandate.updated');
    expect(updated).toHaveLength(1);
    expect(updated[0]!.data.previous_attributes).toEqual({ status: 'active' });
    // A spent single-use mandate cannot pay again.
    await expect(
      t.stripe.paymentIntents.create({ amount: 1000, currency: 'eur', allowed_payment_method_types: ['sepa_debit'], payment_method: pm.id, confirm: true, mandate: mandate.id }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'payment_intent_mandate_invalid', param: 'mandate' });
  });

  it('needs mandate_data to save a SEPA account, and creates nothing when it is missing', async () => {
    const customer = await t.stripe.customers.create({ email: 'save-sepa@example.com' });
    const pm = await sepaPm('FR1420041010050500013M02606');
    const params = {
      amount: 2000,
      currency: 'eur',
      customer: customer.id,
      allowed_payment_method_types: ['sepa_debit'],
      payment_method: pm.id,
      setup_future_usage: 'off_session' as const,
      confirm: true,
    };
    await expect(t.stripe.paymentIntents.create(params)).rejects.toMatchObject({
      statusCode: 400,
      code: 'parameter_missing',
      param: 'mandate_data',
      message: 'When confirming a PaymentIntent with a sepa_debit PaymentMethod and setup_future_usage, mandate_data is required.',
    });
    expect((await t.stripe.paymentIntents.list({ customer: customer.id })).data).toEqual([]);
    expect((await t.stripe.paymentMethods.retrieve(pm.id)).customer).toBeNull();
    await expect(t.stripe.paymentIntents.create({ amount: 2000, currency: 'eur', payment_method: pm.id, mandate_data: online })).rejects.toMatchObject({
      statusCode: 400,
      param: 'mandate_data',
    });

    const saved = await t.stripe.paymentIntents.create({ ...params, mandate_data: { customer_acceptance: { type: 'offline', offline: {} } } });
    const mandateId = (await t.stripe.charges.retrieve(saved.latest_charge as string)).payment_method_details?.sepa_debit?.mandate;
    const mandate = await t.stripe.mandates.retrieve(mandateId!);
    expect(mandate).toMatchObject({ type: 'multi_use', multi_use: {}, status: 'active', customer_acceptance: { type: 'offline' } });
    expect((await t.stripe.paymentMethods.retrieve(pm.id)).customer).toBe(customer.id);
    // The next (off-session) debit of the saved account reuses the mandate, which stays active.
    const next = await t.stripe.paymentIntents.create({
      amount: 2000,
      currency: 'eur',
      customer: customer.id,
      allowed_payment_method_types: ['sepa_debit'],
      payment_method: pm.id,
      off_session: true,
      confirm: true,
    });
    expect((await t.stripe.charges.retrieve(next.latest_charge as string)).payment_method_details?.sepa_debit?.mandate).toBe(mandate.id);
    await settle(saved.id);
    await settle(next.id);
    expect((await t.stripe.mandates.retrieve(mandate.id)).status).toBe('active');
  });

  it('saves a SEPA account with a SetupIntent (multi-use mandate), then debits it off-session under that mandate', async () => {
    const customer = await t.stripe.customers.create({ email: 'setup-sepa@example.com' });
    const pm = await sepaPm('AT611904300234573201');
    const base = { customer: customer.id, payment_method: pm.id, allowed_payment_method_types: ['sepa_debit'], confirm: true };
    await expect(t.stripe.setupIntents.create(base)).rejects.toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'mandate_data' });
    expect((await t.stripe.setupIntents.list({ customer: customer.id })).data).toEqual([]);

    const si = await t.stripe.setupIntents.create({ ...base, mandate_data: online, expand: ['mandate'] });
    expect(si.status).toBe('succeeded');
    const mandate = si.mandate as Stripe.Mandate;
    expect(mandate).toMatchObject({ type: 'multi_use', status: 'active', payment_method: pm.id, customer_acceptance: { type: 'online' } });
    expect((await t.stripe.setupIntents.retrieve(si.id)).mandate).toBe(mandate.id);
    expect((await t.stripe.paymentMethods.list({ customer: customer.id, type: 'sepa_debit' })).data.map((p) => p.id)).toEqual([pm.id]);

    const explicit = await t.stripe.paymentIntents.create({
      amount: 3000,
      currency: 'eur',
      customer: customer.id,
      allowed_payment_method_types: ['sepa_debit'],
      payment_method: pm.id,
      mandate: mandate.id,
      off_session: true,
      confirm: true,
    });
    expect((await t.stripe.charges.retrieve(explicit.latest_charge as string)).payment_method_details?.sepa_debit?.mandate).toBe(mandate.id);
    await expect(
      t.stripe.paymentIntents.create({ amount: 3000, currency: 'eur', allowed_payment_method_types: ['sepa_debit'], payment_method: pm.id, mandate: 'mandate_nope', confirm: true }),
    ).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'mandate' });
    const other = await sepaPm('BE62510007547061');
    await expect(
      t.stripe.paymentIntents.create({ amount: 3000, currency: 'eur', allowed_payment_method_types: ['sepa_debit'], payment_method: other.id, mandate: mandate.id, confirm: true }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'payment_intent_mandate_invalid' });
    await expect(t.stripe.mandates.retrieve('mandate_nope')).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  it('records the buyer of a hosted Checkout SEPA payment as the online acceptance', async () => {
    const product = await t.stripe.products.create({ name: 'Kurs' });
    const price = await t.stripe.prices.create({ product: product.id, currency: 'eur', unit_amount: 3900 });
    const cs = await t.stripe.checkout.sessions.create({
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://shop.example/ok',
    });
    expect(cs.payment_method_types).toContain('sepa_debit');
    const html = await (await fetch(cs.url!)).text();
    expect(html).toContain('you authorise this merchant and Stripe to debit your account');
    const res = await fetch(cs.url!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'LearnerBrowser/1.0' },
      body: new URLSearchParams({ email: 'lena@example.com', name: 'Lena Fischer', method: 'sepa_debit', iban: 'DE89370400440532013000' }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    const done = await t.stripe.checkout.sessions.retrieve(cs.id, { expand: ['payment_intent.latest_charge'] });
    const charge = (done.payment_intent as Stripe.PaymentIntent).latest_charge as Stripe.Charge;
    const mandate = await t.stripe.mandates.retrieve(charge.payment_method_details!.sepa_debit!.mandate!);
    expect(mandate).toMatchObject({ type: 'single_use', single_use: { amount: 3900, currency: 'eur' }, customer_acceptance: { type: 'online', online: { user_agent: 'LearnerBrowser/1.0' } } });
    expect(mandate.customer_acceptance.online?.ip_address).toMatch(/127\.0\.0\.1/);
  });
});
