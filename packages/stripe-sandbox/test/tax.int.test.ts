import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startTestSandbox, type TestSandbox } from './helpers';

let t: TestSandbox;
let course: Stripe.Price;
let inclusive: Stripe.Price;
let monthly: Stripe.Price;

beforeAll(async () => {
  t = await startTestSandbox();
  const product = await t.stripe.products.create({ name: 'Course' });
  course = await t.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1000, tax_behavior: 'exclusive' });
  inclusive = await t.stripe.prices.create({ product: product.id, currency: 'eur', unit_amount: 1190, tax_behavior: 'inclusive' });
  monthly = await t.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' } });
});
afterAll(async () => {
  await t.running.close();
});

const pay = (url: string, fields: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ method: 'card', expiry: '12 / 34', cvc: '123', name: 'Ada', cardNumber: '4242424242424242', ...fields }).toString(),
    redirect: 'manual',
  });

const session = (extra: Partial<Stripe.Checkout.SessionCreateParams>) =>
  t.stripe.checkout.sessions.create({
    line_items: [{ price: course.id, quantity: 2 }],
    success_url: 'https://shop.example/done',
    automatic_tax: { enabled: true },
    allowed_payment_method_types: ['card'],
    ...extra,
  });

describe('automatic tax in Checkout', () => {
  it('asks for the address, adds the country rate on top of exclusive prices and charges the total', async () => {
    const cs = await session({});
    expect(cs.automatic_tax).toEqual({ enabled: true, liability: { type: 'self' }, provider: 'stripe', status: 'requires_location_inputs' });
    expect(cs.total_details?.amount_tax).toBe(0);
    const html = await (await fetch(cs.url!)).text();
    expect(html).toContain('name="country"');
    expect(html).toContain('Calculated from your address');
    const missing = await pay(cs.url!, { email: 'gb@example.com' });
    expect(missing.status).toBe(402);
    expect(await missing.text()).toContain('Select your country or region.');
    const ok = await pay(cs.url!, { email: 'gb@example.com', country: 'GB', postalCode: 'SW1A 1AA' });
    expect(ok.headers.get('location')).toBe('https://shop.example/done');
    const done = await t.stripe.checkout.sessions.retrieve(cs.id, { expand: ['payment_intent', 'line_items'] });
    expect(done).toMatchObject({
      status: 'complete',
      amount_subtotal: 2000,
      amount_total: 2400,
      total_details: { amount_tax: 400, amount_discount: 0 },
      automatic_tax: { enabled: true, status: 'complete' },
      customer_details: { address: { country: 'GB', postal_code: 'SW1A 1AA' } },
    });
    expect((done.payment_intent as Stripe.PaymentIntent).amount).toBe(2400);
    expect(done.line_items!.data[0]).toMatchObject({ amount_subtotal: 2000, amount_tax: 400, amount_total: 2400 });
  });

  it('takes the tax out of inclusive prices; a country without registration pays none', async () => {
    const de = await session({ line_items: [{ price: inclusive.id, quantity: 1 }] });
    await pay(de.url!, { email: 'de@example.com', country: 'DE' });
    expect(await t.stripe.checkout.sessions.retrieve(de.id)).toMatchObject({ amount_total: 1190, total_details: { amount_tax: 190 } });
    const us = await session({});
    await pay(us.url!, { email: 'us@example.com', country: 'US', postalCode: '94107' });
    expect(await t.stripe.checkout.sessions.retrieve(us.id)).toMatchObject({
      amount_total: 2000,
      total_details: { amount_tax: 0 },
      automatic_tax: { status: 'complete' },
    });
  });

  it('uses an existing customer address, refuses a customer without one, and saves what customer_update allows', async () => {
    const au = await t.stripe.customers.create({ email: 'au@example.com', address: { country: 'AU', postal_code: '2000' } });
    const cs = await session({ customer: au.id });
    expect(cs).toMatchObject({ amount_total: 2200, total_details: { amount_tax: 200 }, automatic_tax: { status: 'complete' } });
    expect(await (await fetch(cs.url!)).text()).not.toContain('name="country"');

    const bare = await t.stripe.customers.create({ email: 'bare@example.com' });
    const refused = await session({ customer: bare.id }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((refused as Stripe.errors.StripeError).message).toContain('customer_update[address]');
    const noCustomer = await session({ customer_update: { address: 'auto' } }).catch((e: unknown) => e);
    expect((noCustomer as Stripe.errors.StripeError).param).toBe('customer_update');

    const saving = await session({ customer: bare.id, customer_update: { address: 'auto', name: 'auto' } });
    await pay(saving.url!, { email: 'bare@example.com', name: 'Béatrice Martin', country: 'FR', postalCode: '75001' });
    expect(await t.stripe.checkout.sessions.retrieve(saving.id)).toMatchObject({ amount_total: 2400, total_details: { amount_tax: 400 } });
    const updated = await t.stripe.customers.retrieve(bare.id);
    expect(updated).toMatchObject({ name: 'Béatrice Martin', address: { country: 'FR', postal_code: '75001' } });
    const events = await t.stripe.events.list({ type: 'customer.updated', limit: 5 });
    const event = events.data.find((e) => (e.data.object as Stripe.Customer).id === bare.id)!;
    expect(event.data.previous_attributes).toMatchObject({ address: null, name: null });
  });

  it('keeps the tax right when a promotion code is applied after it was computed', async () => {
    const coupon = await t.stripe.coupons.create({ percent_off: 50 });
    await t.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'HALFTAX' });
    const nz = await t.stripe.customers.create({ email: 'nz@example.com', address: { country: 'NZ' } });
    const cs = await session({ customer: nz.id, allow_promotion_codes: true });
    expect(cs).toMatchObject({ amount_total: 2300, total_details: { amount_tax: 300 } });
    await fetch(`${cs.url!}/promotion`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'code=HALFTAX', redirect: 'manual' });
    expect(await t.stripe.checkout.sessions.retrieve(cs.id)).toMatchObject({
      amount_total: 1150,
      total_details: { amount_discount: 1000, amount_tax: 150 },
    });
  });
});

describe('automatic tax on subscriptions and invoices', () => {
  it('taxes every invoice from the customer address and lists the TaxRate used', async () => {
    const nl = await t.stripe.customers.create({ email: 'nl@example.com', address: { country: 'NL' }, payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const sub = await t.stripe.subscriptions.create({ customer: nl.id, items: [{ price: monthly.id }], automatic_tax: { enabled: true } });
    expect(sub).toMatchObject({ status: 'active', automatic_tax: { enabled: true, liability: { type: 'self' } } });
    const invoice = await t.stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(invoice).toMatchObject({
      status: 'paid',
      subtotal: 1500,
      total: 1815,
      total_excluding_tax: 1500,
      amount_paid: 1815,
      automatic_tax: { enabled: true, status: 'complete', provider: 'stripe' },
    });
    expect(invoice.total_taxes).toEqual([
      { amount: 315, tax_behavior: 'exclusive', tax_rate_details: { tax_rate: 'txr_sbx_nl_excl' }, taxability_reason: 'standard_rated', taxable_amount: 1500, type: 'tax_rate_details' },
    ]);
    expect(invoice.lines.data[0]!.taxes).toHaveLength(1);
    const rate = await t.stripe.taxRates.retrieve('txr_sbx_nl_excl');
    expect(rate).toMatchObject({ object: 'tax_rate', country: 'NL', percentage: 21, inclusive: false, tax_type: 'vat' });
  });

  it('refuses automatic tax for a customer without a location', async () => {
    const nowhere = await t.stripe.customers.create({ email: 'nowhere@example.com', payment_method: 'pm_card_visa' });
    const err = await t.stripe.subscriptions
      .create({ customer: nowhere.id, items: [{ price: monthly.id }], automatic_tax: { enabled: true }, payment_behavior: 'default_incomplete' })
      .catch((e: unknown) => e);
    expect((err as Stripe.errors.StripeError).code).toBe('customer_tax_location_invalid');
    expect((await t.stripe.subscriptions.list({ customer: nowhere.id })).data).toHaveLength(0);
  });

  it('subscription-mode Checkout saves the address on the new customer and taxes the subscription', async () => {
    const cs = await t.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: monthly.id, quantity: 1 }],
      success_url: 'https://shop.example/welcome',
      automatic_tax: { enabled: true },
    });
    await pay(cs.url!, { email: 'ie@example.com', country: 'IE' });
    const done = await t.stripe.checkout.sessions.retrieve(cs.id, { expand: ['subscription', 'invoice', 'customer'] });
    expect(done).toMatchObject({ payment_status: 'paid', amount_total: 1845, total_details: { amount_tax: 345 } });
    expect((done.customer as Stripe.Customer).address?.country).toBe('IE');
    expect((done.subscription as Stripe.Subscription).automatic_tax.enabled).toBe(true);
    expect(done.invoice as Stripe.Invoice).toMatchObject({ total: 1845, amount_paid: 1845, status: 'paid' });
  });
});
