import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startTestSandbox, type TestSandbox } from './helpers';

let t: TestSandbox;
let monthly: Stripe.Price;
let premium: Stripe.Price;
let installment: Stripe.Price;
const DAY = 86_400;
const START = Date.UTC(2027, 4, 10, 12) / 1000; // May 10

beforeAll(async () => {
  t = await startTestSandbox();
  const product = await t.stripe.products.create({ name: 'All-Access' });
  monthly = await t.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' } });
  premium = await t.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2500, recurring: { interval: 'month' } });
  const course = await t.stripe.products.create({ name: 'Masterclass in 3 payments' });
  installment = await t.stripe.prices.create({ product: course.id, currency: 'usd', unit_amount: 10000, recurring: { interval: 'month' } });
});
afterAll(async () => {
  await t.running.close();
});

async function advance(clockId: string, to: number) {
  await t.stripe.testHelpers.testClocks.advance(clockId, { frozen_time: to });
  expect((await t.stripe.testHelpers.testClocks.retrieve(clockId)).status).toBe('ready');
}

async function customerOnClock() {
  const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: START });
  const customer = await t.stripe.customers.create({ email: `sched-${clock.id}@example.com`, test_clock: clock.id, payment_method: 'pm_card_visa' });
  const pm = (await t.stripe.paymentMethods.list({ customer: customer.id })).data[0]!.id;
  await t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm } });
  return { clock, customer };
}

const JUNE_10 = Date.UTC(2027, 5, 10, 12) / 1000;
const JULY_10 = Date.UTC(2027, 6, 10, 12) / 1000;
const AUG_10 = Date.UTC(2027, 7, 10, 12) / 1000;

describe('subscription schedules', () => {
  it('switches plan at the period end (from_subscription, then a second phase) and releases after it', async () => {
    const { clock, customer } = await customerOnClock();
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const schedule = await t.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    expect(schedule).toMatchObject({
      object: 'subscription_schedule',
      status: 'active',
      end_behavior: 'release',
      subscription: sub.id,
      current_phase: { start_date: START, end_date: JUNE_10 },
      phases: [{ start_date: START, end_date: JUNE_10, items: [{ price: monthly.id, quantity: 1 }] }],
    });
    expect((await t.stripe.subscriptions.retrieve(sub.id)).schedule).toBe(schedule.id);
    await expect(t.stripe.subscriptionSchedules.create({ from_subscription: sub.id })).rejects.toMatchObject({ statusCode: 400 });

    const updated = await t.stripe.subscriptionSchedules.update(schedule.id, {
      phases: [
        { items: [{ price: monthly.id, quantity: 1 }], start_date: START, end_date: JUNE_10 },
        { items: [{ price: premium.id, quantity: 1 }], duration: { interval: 'month', interval_count: 1 } },
      ],
    });
    expect(updated.phases.map((p) => [p.start_date, p.end_date])).toEqual([[START, JUNE_10], [JUNE_10, JULY_10]]);
    await expect(
      t.stripe.subscriptionSchedules.update(schedule.id, { phases: [{ items: [{ price: monthly.id }], start_date: START + DAY, end_date: JUNE_10 }] }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'phases[0][start_date]' });

    await advance(clock.id, JUNE_10 + 60);
    const switched = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(switched.items.data[0]!.price.id).toBe(premium.id);
    expect(switched.latest_invoice).toMatchObject({ status: 'paid', amount_paid: 2500, billing_reason: 'subscription_cycle' });
    expect((await t.stripe.subscriptionSchedules.retrieve(schedule.id)).current_phase).toEqual({ start_date: JUNE_10, end_date: JULY_10 });

    await advance(clock.id, JULY_10 + 60);
    const done = await t.stripe.subscriptionSchedules.retrieve(schedule.id);
    expect(done).toMatchObject({ status: 'completed', completed_at: JULY_10, current_phase: null });
    const released = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(released).toMatchObject({ status: 'active', schedule: null });
    expect((released.latest_invoice as Stripe.Invoice).amount_paid).toBe(2500);
    const types = (await t.stripe.events.list({ limit: 100 })).data
      .filter((e) => (e.data.object as { id: string }).id === schedule.id)
      .map((e) => e.type)
      .reverse();
    expect(types).toEqual(['subscription_schedule.created', 'subscription_schedule.updated', 'subscription_schedule.updated', 'subscription_schedule.completed']);
  });

  it('runs an installment plan: three monthly payments, then the subscription cancels', async () => {
    const { clock, customer } = await customerOnClock();
    const schedule = await t.stripe.subscriptionSchedules.create({
      customer: customer.id,
      start_date: 'now',
      end_behavior: 'cancel',
      phases: [{ items: [{ price: installment.id }], duration: { interval: 'month', interval_count: 3 }, metadata: { plan: 'masterclass-3x' } }],
    });
    expect(schedule.phases[0]).toMatchObject({ start_date: START, end_date: AUG_10 });
    const subId = schedule.subscription as string;
    expect(await t.stripe.subscriptions.retrieve(subId)).toMatchObject({ status: 'active', schedule: schedule.id, metadata: { plan: 'masterclass-3x' } });
    await advance(clock.id, AUG_10 + DAY);
    const invoices = await t.stripe.invoices.list({ subscription: subId });
    expect(invoices.data.map((i) => [i.status, i.amount_paid])).toEqual([['paid', 10000], ['paid', 10000], ['paid', 10000]]);
    expect(await t.stripe.subscriptions.retrieve(subId)).toMatchObject({ status: 'canceled', ended_at: AUG_10 });
    expect(await t.stripe.subscriptionSchedules.retrieve(schedule.id)).toMatchObject({ status: 'completed', completed_at: AUG_10 });
  });

  it('releases and cancels on request, and refuses what it does not implement', async () => {
    const { customer } = await customerOnClock();
    const a = await t.stripe.subscriptionSchedules.create({ customer: customer.id, phases: [{ items: [{ price: monthly.id }], duration: { interval: 'month', interval_count: 2 } }] });
    const released = await t.stripe.subscriptionSchedules.release(a.id);
    expect(released).toMatchObject({ status: 'released', released_at: START, released_subscription: a.subscription, subscription: null });
    expect((await t.stripe.subscriptions.retrieve(a.subscription as string)).schedule).toBeNull();
    await expect(t.stripe.subscriptionSchedules.release(a.id)).rejects.toMatchObject({ statusCode: 400 });

    const b = await t.stripe.subscriptionSchedules.create({ customer: customer.id, phases: [{ items: [{ price: monthly.id }], duration: { interval: 'month', interval_count: 2 } }] });
    const canceled = await t.stripe.subscriptionSchedules.cancel(b.id);
    expect(canceled).toMatchObject({ status: 'canceled', canceled_at: START });
    expect((await t.stripe.subscriptions.retrieve(b.subscription as string)).status).toBe('canceled');

    const later = await t.stripe.subscriptionSchedules
      .create({ customer: customer.id, start_date: START + 10 * DAY, phases: [{ items: [{ price: monthly.id }] }] })
      .catch((e: unknown) => e as Stripe.errors.StripeError);
    expect(later).toMatchObject({ statusCode: 400, param: 'start_date' });
    const renew = await t.stripe.subscriptionSchedules
      .create({ customer: customer.id, end_behavior: 'renew', phases: [{ items: [{ price: monthly.id }] }] })
      .catch((e: unknown) => e as Stripe.errors.StripeError);
    expect(renew).toMatchObject({ statusCode: 400, param: 'end_behavior' });
    const trial = await t.stripe.subscriptionSchedules
      .create({ customer: customer.id, phases: [{ items: [{ price: monthly.id }], trial_end: START + 5 * DAY }] })
      .catch((e: unknown) => e as Stripe.errors.StripeError);
    expect(trial).toMatchObject({ statusCode: 400, code: 'parameter_unknown' });
    const listed = await t.stripe.subscriptionSchedules.list({ customer: customer.id });
    expect(listed.data.map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
  });
});
