import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startTestSandbox, type TestSandbox } from './helpers';

let t: TestSandbox;
let monthly: Stripe.Price;
const DAY = 86_400;
const START = Date.UTC(2027, 2, 1, 12) / 1000;

beforeAll(async () => {
  t = await startTestSandbox();
  const product = await t.stripe.products.create({ name: 'All-Access' });
  monthly = await t.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' } });
});
afterAll(async () => {
  await t.running.close();
});

async function advance(clockId: string, to: number) {
  await t.stripe.testHelpers.testClocks.advance(clockId, { frozen_time: to });
  const clock = await t.stripe.testHelpers.testClocks.retrieve(clockId);
  expect(clock.status).toBe('ready');
}

/** A customer on its own test clock, without any PaymentMethod. */
async function cardlessCustomer() {
  const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: START });
  const customer = await t.stripe.customers.create({ email: `trial-${clock.id}@example.com`, test_clock: clock.id });
  return { clock, customer };
}

async function eventsFor(subId: string): Promise<string[]> {
  const all = await t.stripe.events.list({ limit: 100 });
  return all.data
    .filter((e) => (e.data.object as { id?: string; subscription?: unknown; parent?: Stripe.Invoice['parent'] }).id === subId ||
      (e.data.object as Stripe.Invoice).parent?.subscription_details?.subscription === subId)
    .map((e) => e.type)
    .reverse();
}

const trialSub = (customer: string, behavior?: 'cancel' | 'pause' | 'create_invoice') =>
  t.stripe.subscriptions.create({
    customer,
    items: [{ price: monthly.id }],
    trial_period_days: 7,
    ...(behavior ? { trial_settings: { end_behavior: { missing_payment_method: behavior } } } : {}),
  });

describe('trials that end without a payment method', () => {
  it('cancel: warns three days before, then cancels at the trial end', async () => {
    const { clock, customer } = await cardlessCustomer();
    const sub = await trialSub(customer.id, 'cancel');
    expect(sub).toMatchObject({
      status: 'trialing',
      trial_start: START,
      trial_end: START + 7 * DAY,
      trial_settings: { end_behavior: { missing_payment_method: 'cancel' } },
      default_payment_method: null,
    });
    await advance(clock.id, START + 3 * DAY);
    expect(await eventsFor(sub.id)).not.toContain('customer.subscription.trial_will_end');
    await advance(clock.id, START + 4 * DAY + 60);
    expect(await eventsFor(sub.id)).toContain('customer.subscription.trial_will_end');
    await advance(clock.id, START + 8 * DAY);
    const ended = await t.stripe.subscriptions.retrieve(sub.id);
    expect(ended).toMatchObject({ status: 'canceled', ended_at: START + 7 * DAY });
    expect((await eventsFor(sub.id)).at(-1)).toBe('customer.subscription.deleted');
    // Nothing was billed beyond the free trial invoice.
    const invoices = await t.stripe.invoices.list({ subscription: sub.id });
    expect(invoices.data.map((i) => i.total)).toEqual([0]);
  });

  it('pause: pauses at the trial end, then resumes with a new card and bills a new period', async () => {
    const { clock, customer } = await cardlessCustomer();
    const sub = await trialSub(customer.id, 'pause');
    await advance(clock.id, START + 7 * DAY + 60);
    const paused = await t.stripe.subscriptions.retrieve(sub.id);
    expect(paused.status).toBe('paused');
    expect(paused.status_details).toEqual({
      paused: { subscription: { type: 'trial_end_without_payment_method' }, transitioned_at: START + 7 * DAY, type: 'subscription' },
    });
    expect(await eventsFor(sub.id)).toContain('customer.subscription.paused');
    // A paused subscription generates no invoices while time passes.
    await advance(clock.id, START + 40 * DAY);
    expect((await t.stripe.invoices.list({ subscription: sub.id })).data).toHaveLength(1);

    await expect(t.stripe.subscriptions.resume(sub.id, { billing_cycle_anchor: { type: 'unchanged' } })).rejects.toMatchObject({ statusCode: 400 });
    const pm = await t.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await t.stripe.subscriptions.update(sub.id, { default_payment_method: pm.id });
    const resumed = await t.stripe.subscriptions.resume(sub.id, { expand: ['latest_invoice'] });
    expect(resumed.status).toBe('active');
    expect(resumed.status_details).toBeUndefined();
    expect(resumed.billing_cycle_anchor).toBe(START + 40 * DAY);
    expect(resumed.items.data[0]).toMatchObject({ current_period_start: START + 40 * DAY });
    expect(resumed.latest_invoice).toMatchObject({ status: 'paid', amount_paid: 1500, billing_reason: 'subscription_cycle' });
    expect(await eventsFor(sub.id)).toContain('customer.subscription.resumed');
    await expect(t.stripe.subscriptions.resume(sub.id)).rejects.toMatchObject({ statusCode: 400 });
  });

  it('create_invoice (the default): the trial ends, the invoice cannot be paid, the subscription is past due', async () => {
    const { clock, customer } = await cardlessCustomer();
    const sub = await trialSub(customer.id);
    expect(sub.trial_settings?.end_behavior.missing_payment_method).toBe('create_invoice');
    await advance(clock.id, START + 7 * DAY + 60);
    const due = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(due.status).toBe('past_due');
    expect(due.latest_invoice).toMatchObject({ status: 'open', amount_due: 1500, attempt_count: 1 });
    expect(await eventsFor(sub.id)).toContain('invoice.payment_failed');
  });

  it('a trial with a card becomes active and is charged at its end; trial_end sets the date directly', async () => {
    const { clock, customer } = await cardlessCustomer();
    const pm = await t.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const sub = await t.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
      default_payment_method: pm.id,
      trial_end: START + 10 * DAY,
      trial_settings: { end_behavior: { missing_payment_method: 'cancel' } },
    });
    expect(sub).toMatchObject({ status: 'trialing', trial_end: START + 10 * DAY });
    await advance(clock.id, START + 10 * DAY + 60);
    const active = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(active.status).toBe('active');
    expect(active.latest_invoice).toMatchObject({ status: 'paid', amount_paid: 1500 });
    const bad = await t.stripe.subscriptions
      .create({ customer: customer.id, items: [{ price: monthly.id }], trial_end: START - DAY })
      .catch((e: unknown) => e as Stripe.errors.StripeError);
    expect(bad).toMatchObject({ statusCode: 400, param: 'trial_end' });
  });
});

describe('trials in Checkout', () => {
  it('payment_method_collection if_required: starts the trial without asking for a card and hands the end behaviour to the subscription', async () => {
    const cs = await t.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: monthly.id, quantity: 1 }],
      success_url: 'https://shop.example/welcome',
      payment_method_collection: 'if_required',
      subscription_data: { trial_period_days: 14, trial_settings: { end_behavior: { missing_payment_method: 'pause' } } },
    });
    expect(cs.payment_method_collection).toBe('if_required');
    const html = await (await fetch(cs.url!)).text();
    expect(html).not.toContain('name="cardNumber"');
    expect(html).toContain('Start trial');
    const res = await fetch(cs.url!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'free-trial@example.com', name: 'Ada' }).toString(),
      redirect: 'manual',
    });
    expect(res.headers.get('location')).toBe('https://shop.example/welcome');
    const done = await t.stripe.checkout.sessions.retrieve(cs.id, { expand: ['subscription'] });
    expect(done).toMatchObject({ status: 'complete', payment_status: 'no_payment_required' });
    const sub = done.subscription as Stripe.Subscription;
    expect(sub).toMatchObject({
      status: 'trialing',
      default_payment_method: null,
      trial_settings: { end_behavior: { missing_payment_method: 'pause' } },
    });
    expect(sub.trial_end! - sub.trial_start!).toBe(14 * DAY);
    expect((await t.stripe.paymentMethods.list({ customer: done.customer as string })).data).toHaveLength(0);
  });

  it('asks for a card by default, even with a trial; refuses trial_end and trial_period_days together', async () => {
    const cs = await t.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: monthly.id, quantity: 1 }],
      success_url: 'https://shop.example/welcome',
      subscription_data: { trial_period_days: 14 },
    });
    expect(cs.payment_method_collection).toBe('always');
    expect(await (await fetch(cs.url!)).text()).toContain('name="cardNumber"');
    const both = await t.stripe.checkout.sessions
      .create({
        mode: 'subscription',
        line_items: [{ price: monthly.id, quantity: 1 }],
        success_url: 'https://shop.example/welcome',
        subscription_data: { trial_period_days: 14, trial_end: Math.floor(Date.now() / 1000) + 30 * DAY },
      })
      .catch((e: unknown) => e as Stripe.errors.StripeError);
    expect(both).toMatchObject({ statusCode: 400, param: 'subscription_data[trial_end]' });
  });
});
