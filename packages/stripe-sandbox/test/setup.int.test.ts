import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startTestSandbox, type TestSandbox } from './helpers';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t.running.close();
});

async function submit(url: string, cardNumber: string) {
  const fields = { method: 'card', email: 'saver@example.com', name: 'Saver', cardNumber, expiry: '12 / 34', cvc: '123' };
  const res = await fetch(url, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), body: res.status >= 200 && res.status < 300 || res.status === 402 ? await res.text() : '' };
}

const eventTypes = async (id: string) =>
  (await t.stripe.events.list({ limit: 100 })).data.filter((e) => (e.data.object as { id: string }).id === id).map((e) => e.type).reverse();

describe('SetupIntents', () => {
  it('saves a card to the customer; a declining card fails the setup; 3155 asks for authentication', async () => {
    const customer = await t.stripe.customers.create({ email: 'setup@example.com' });
    const si = await t.stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_visa', confirm: true });
    expect(si).toMatchObject({ object: 'setup_intent', status: 'succeeded', usage: 'off_session', customer: customer.id });
    expect(si.client_secret).toMatch(/^seti_.+_secret_/);
    const pm = await t.stripe.paymentMethods.retrieve(si.payment_method as string);
    expect(pm.customer).toBe(customer.id);
    expect(await eventTypes(si.id)).toEqual(['setup_intent.created', 'setup_intent.succeeded']);

    await expect(
      t.stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_visa_chargeDeclined', confirm: true }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeCardError);
    const failed = (await t.stripe.setupIntents.list({ customer: customer.id, limit: 1 })).data[0]!;
    expect(failed).toMatchObject({ status: 'requires_payment_method', last_setup_error: { code: 'card_declined' } });

    const challenged = await t.stripe.setupIntents.create({ customer: customer.id });
    expect(challenged.status).toBe('requires_payment_method');
    const acting = await t.stripe.setupIntents.confirm(challenged.id, { payment_method: 'pm_card_authenticationRequiredOnSetup', return_url: 'https://example.com/back' });
    expect(acting.status).toBe('requires_action');
    const page = acting.next_action!.redirect_to_url!.url!;
    const done = await fetch(page, { method: 'POST', body: new URLSearchParams({ result: 'complete' }), redirect: 'manual' });
    expect(done.headers.get('location')).toContain('redirect_status=succeeded');
    expect((await t.stripe.setupIntents.retrieve(challenged.id)).status).toBe('succeeded');

    const canceled = await t.stripe.setupIntents.cancel((await t.stripe.setupIntents.create({ customer: customer.id })).id);
    expect(canceled.status).toBe('canceled');
  });

  it('detaching the default PaymentMethod clears the customer’s default', async () => {
    const customer = await t.stripe.customers.create({ email: 'default@example.com', payment_method: 'pm_card_visa' });
    const pm = (await t.stripe.paymentMethods.list({ customer: customer.id })).data[0]!;
    await t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    await t.stripe.paymentMethods.detach(pm.id);
    const after = (await t.stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(after.invoice_settings.default_payment_method).toBeNull();
  });
});

describe('Checkout', () => {
  it('setup mode saves a card for the customer (update a card)', async () => {
    const customer = await t.stripe.customers.create({ email: 'update@example.com' });
    const session = await t.stripe.checkout.sessions.create({
      mode: 'setup',
      customer: customer.id,
      currency: 'usd',
      success_url: 'https://example.com/done?s={CHECKOUT_SESSION_ID}',
      setup_intent_data: { metadata: { reason: 'dunning' } },
    });
    expect(session).toMatchObject({ mode: 'setup', amount_total: null, payment_status: 'no_payment_required', status: 'open' });
    const page = await fetch(session.url!);
    expect(await page.text()).toContain('Save card');
    const declined = await submit(session.url!, '4000000000009995');
    expect(declined.status).toBe(402);
    expect(declined.body).toContain('Your card has insufficient funds.');
    const ok = await submit(session.url!, '4242424242424242');
    expect(ok.location).toBe(`https://example.com/done?s=${session.id}`);
    const done = await t.stripe.checkout.sessions.retrieve(session.id, { expand: ['setup_intent'] });
    expect(done.status).toBe('complete');
    const si = done.setup_intent as Stripe.SetupIntent;
    expect(si).toMatchObject({ status: 'succeeded', customer: customer.id, metadata: { reason: 'dunning' } });
    expect((await t.stripe.paymentMethods.list({ customer: customer.id })).data.map((p) => p.id)).toEqual([si.payment_method]);
    const completed = (await t.stripe.events.list({ type: 'checkout.session.completed', limit: 1 })).data[0]!;
    expect((completed.data.object as Stripe.Checkout.Session).id).toBe(session.id);
    await expect(t.stripe.checkout.sessions.create({ mode: 'setup', customer: customer.id, line_items: [{ price: 'price_x', quantity: 1 }], success_url: 'https://example.com' })).rejects.toMatchObject({ param: 'line_items' });
  });

  it('price_data makes an inactive one-off price and product', async () => {
    const session = await t.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'usd', unit_amount: 4900, product_data: { name: 'Workshop seat' } }, quantity: 2 }],
      success_url: 'https://example.com/ok',
    });
    expect(session.amount_total).toBe(9800);
    const [item] = (await t.stripe.checkout.sessions.listLineItems(session.id)).data;
    expect(item).toMatchObject({ description: 'Workshop seat', quantity: 2, price: { active: false, unit_amount: 4900, type: 'one_time' } });
    const monthly = await t.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price_data: { currency: 'usd', unit_amount: 1900, recurring: { interval: 'month' }, product_data: { name: 'Club' } }, quantity: 1 }],
      success_url: 'https://example.com/ok',
    });
    expect(monthly.amount_total).toBe(1900);
  });

  it('embedded ui_mode answers a client_secret and no url, and needs return_url', async () => {
    const price = await t.stripe.prices.create({ currency: 'usd', unit_amount: 4900, product_data: { name: 'Course' } });
    const session = await t.stripe.checkout.sessions.create({
      ui_mode: 'embedded',
      line_items: [{ price: price.id, quantity: 1 }],
      return_url: 'https://example.com/return?session_id={CHECKOUT_SESSION_ID}',
    });
    expect(session.ui_mode).toBe('embedded');
    expect(session.url).toBeNull();
    expect(session.client_secret).toMatch(new RegExp(`^${session.id}_secret_`));
    expect(session.return_url).toBe('https://example.com/return?session_id={CHECKOUT_SESSION_ID}');
    await expect(
      t.stripe.checkout.sessions.create({ ui_mode: 'embedded', line_items: [{ price: price.id, quantity: 1 }], success_url: 'https://example.com/ok' }),
    ).rejects.toMatchObject({ param: 'success_url' });
    // The sandbox still serves the form at /c/pay/:id; paying returns to return_url.
    const paid = await submit(`${t.running.url}/c/pay/${session.id}`, '4242424242424242');
    expect(paid.location).toBe(`https://example.com/return?session_id=${session.id}`);
  });
});
