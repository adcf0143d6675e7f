import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startTestSandbox, type TestSandbox } from './helpers';

let t: TestSandbox;
let monthly: Stripe.Price;
let yearly: Stripe.Price;

beforeAll(async () => {
  t = await startTestSandbox();
  const product = await t.stripe.products.create({ name: 'All-Access' });
  monthly = await t.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' } });
  yearly = await t.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 15000, recurring: { interval: 'year' } });
});
afterAll(async () => {
  await t.running.close();
});

const post = (url: string, fields: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });

async function subscriber(card = 'pm_card_visa') {
  const customer = await t.stripe.customers.create({ email: `portal-${Date.now()}@example.com`, payment_method: card });
  const pm = (await t.stripe.paymentMethods.list({ customer: customer.id })).data[0]!;
  await t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
  const session = await t.stripe.billingPortal.sessions.create({ customer: customer.id, return_url: 'https://shop.example/account' });
  return { customer, sub, session };
}

describe('billing portal', () => {
  it('creates a session and shows plan, renewal date, card and invoices', async () => {
    const { sub, session } = await subscriber();
    expect(session.url).toBe(`${t.running.url}/p/session/${session.id}`);
    expect(session.return_url).toBe('https://shop.example/account');
    const html = await (await fetch(session.url)).text();
    expect(html).toContain('All-Access');
    expect(html).toContain('$15.00 per month');
    expect(html).toContain('Your plan renews on');
    expect(html).toContain('visa •••• 4242');
    expect(html).toContain('Switch to $150.00 per year');
    expect(html).toContain('https://shop.example/account');
    const invoice = await t.stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(html).toContain(invoice.hosted_invoice_url!);
    await expect(t.stripe.billingPortal.sessions.create({ customer: 'cus_missing' })).rejects.toMatchObject({ statusCode: 404 });
  });

  it('cancels at period end, resumes, and switches monthly → yearly', async () => {
    const { sub, session } = await subscriber();
    expect((await post(`${session.url}/cancel`, { subscription: sub.id })).status).toBe(303);
    expect((await t.stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end).toBe(true);
    expect(await (await fetch(session.url)).text()).toContain('Your plan will be canceled on');
    await post(`${session.url}/resume`, { subscription: sub.id });
    expect((await t.stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end).toBe(false);
    await post(`${session.url}/switch`, { subscription: sub.id, price: yearly.id });
    const switched = await t.stripe.subscriptions.retrieve(sub.id);
    expect(switched.items.data[0]!.price.id).toBe(yearly.id);
  });

  it('updates the card and recovers a past-due invoice with it', async () => {
    const { customer, sub, session } = await subscriber();
    const failing = await t.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await t.stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
    await fetch(`${t.running.url}/_sandbox/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds: 32 * 86_400 }) });
    expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');
    const declined = await post(`${session.url}/card`, { cardNumber: '4000000000000002', expiry: '12/34', cvc: '123' });
    expect(await declined.text()).toContain('Your card was declined.');
    const ok = await post(`${session.url}/card`, { cardNumber: '5555555555554444', expiry: '12/34', cvc: '123' });
    expect(ok.status).toBe(303);
    const after = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice', 'default_payment_method'] });
    expect(after.status).toBe('active');
    expect((after.latest_invoice as Stripe.Invoice).status).toBe('paid');
    expect((after.default_payment_method as Stripe.PaymentMethod).card?.last4).toBe('4444');
    expect(await (await fetch(session.url)).text()).toContain('mastercard •••• 4444');
  });
});
