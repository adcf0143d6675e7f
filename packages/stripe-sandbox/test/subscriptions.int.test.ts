import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startTestSandbox, waitFor, type TestSandbox } from './helpers';

let t: TestSandbox;
let monthly: Stripe.Price;
let yearly: Stripe.Price;
const DAY = 86_400;
const START = Date.UTC(2027, 0, 31, 12) / 1000; // Jan 31: month ends are clamped

beforeAll(async () => {
  t = await startTestSandbox({ dunning: { retryDays: [3, 5, 7], finalAction: 'cancel' } });
  const product = await t.stripe.products.create({ name: 'All-Access' });
  monthly = await t.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' } });
  yearly = await t.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 15000, recurring: { interval: 'year' } });
});
afterAll(async () => {
  await t.running.close();
});

async function advance(clockId: string, to: number) {
  await t.stripe.testHelpers.testClocks.advance(clockId, { frozen_time: to });
  for (;;) {
    const clock = await t.stripe.testHelpers.testClocks.retrieve(clockId);
    if (clock.status === 'ready') return clock;
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function customerOnClock(card = 'pm_card_visa') {
  const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: START, name: 'renewals' });
  const customer = await t.stripe.customers.create({
    email: `clock-${clock.id}@example.com`,
    test_clock: clock.id,
    payment_method: card,
  });
  const pmId = (await t.stripe.paymentMethods.list({ customer: customer.id })).data[0]!.id;
  await t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pmId } });
  return { clock, customer, pmId };
}

describe('subscriptions', () => {
  it('creates an active subscription whose items carry the period, with a paid first invoice', async () => {
    const { customer } = await customerOnClock();
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }], expand: ['latest_invoice'] });
    expect(sub.status).toBe('active');
    expect(sub.items.data[0]).toMatchObject({ current_period_start: START, current_period_end: Date.UTC(2027, 1, 28, 12) / 1000 });
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: 'paid', amount_paid: 1500, billing_reason: 'subscription_create', attempt_count: 1 });
    expect(invoice.parent?.subscription_details?.subscription).toBe(sub.id);
    expect(invoice.hosted_invoice_url).toContain(`/i/${invoice.id}`);
    expect(invoice.invoice_pdf).toContain(`/i/${invoice.id}/pdf`);
    const withPayments = await t.stripe.invoices.retrieve(invoice.id, { expand: ['payments'] });
    expect(withPayments.payments?.data[0]?.payment.payment_intent).toMatch(/^pi_/);
    const listed = await t.stripe.invoicePayments.list({ invoice: invoice.id });
    expect(listed.data[0]).toMatchObject({ status: 'paid', amount_paid: 1500 });
    const withSubs = await t.stripe.customers.retrieve(customer.id, { expand: ['subscriptions'] }) as Stripe.Customer;
    expect(withSubs.subscriptions?.data.map((x) => x.id)).toEqual([sub.id]);
  });

  it('renews through a test clock, cancels at period end and resumes', async () => {
    const { clock, customer } = await customerOnClock();
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    await advance(clock.id, START + 22 * DAY);
    const upcoming = (await t.stripe.events.list({ type: 'invoice.upcoming' })).data.find(
      (e) => (e.data.object as Stripe.Invoice).parent?.subscription_details?.subscription === sub.id,
    );
    const preview = upcoming?.data.object as Stripe.Invoice;
    expect(preview.id).toMatch(/^upcoming_in_/);
    expect(preview).toMatchObject({ billing_reason: 'upcoming', amount_due: 1500, status: 'draft' });
    expect(upcoming?.created).toBe(Date.UTC(2027, 1, 28, 12) / 1000 - 7 * DAY);
    await advance(clock.id, START + 29 * DAY);
    const renewed = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(renewed.items.data[0]!.current_period_start).toBe(Date.UTC(2027, 1, 28, 12) / 1000);
    expect(renewed.items.data[0]!.current_period_end).toBe(Date.UTC(2027, 2, 31, 12) / 1000);
    expect((renewed.latest_invoice as Stripe.Invoice)).toMatchObject({ billing_reason: 'subscription_cycle', status: 'paid' });

    const canceling = await t.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(canceling.cancel_at_period_end).toBe(true);
    // Stripe sets cancel_at to the period's end, and clears it on resume.
    expect(canceling.cancel_at).toBe(canceling.items.data[0]!.current_period_end);
    const resumed = await t.stripe.subscriptions.update(sub.id, { cancel_at_period_end: false });
    expect(resumed.cancel_at_period_end).toBe(false);
    expect(resumed.cancel_at).toBeNull();
    await t.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    await advance(clock.id, START + 62 * DAY);
    const ended = await t.stripe.subscriptions.retrieve(sub.id);
    expect(ended.status).toBe('canceled');
    expect(ended.ended_at).toBe(Date.UTC(2027, 2, 31, 12) / 1000);
    const deleted = await t.stripe.events.list({ type: 'customer.subscription.deleted' });
    expect(deleted.data.some((e) => (e.data.object as Stripe.Subscription).id === sub.id)).toBe(true);
  });

  it('switches monthly → yearly with prorations, and cancels now', async () => {
    const { customer } = await customerOnClock();
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const switched = await t.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0]!.id, price: yearly.id }],
    });
    expect(switched.items.data[0]!.price.id).toBe(yearly.id);
    const invoice = await t.stripe.invoices.retrieve(switched.latest_invoice as string);
    expect(invoice.billing_reason).toBe('subscription_update');
    expect(invoice.lines.data.map((l) => l.amount)).toEqual([-1500, 15000]);
    expect(invoice.status).toBe('paid');
    // A new interval restarts the period now.
    expect(switched.items.data[0]!.current_period_start).toBe(START);
    expect(switched.items.data[0]!.current_period_end).toBe(Date.UTC(2028, 0, 31, 12) / 1000);
    const canceled = await t.stripe.subscriptions.cancel(sub.id);
    expect(canceled.status).toBe('canceled');
    expect((await t.stripe.subscriptions.list({ customer: customer.id })).data).toHaveLength(0);
    expect((await t.stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data).toHaveLength(1);
  });

  it('puts same-interval upgrade prorations on the next renewal invoice', async () => {
    const { clock, customer } = await customerOnClock();
    const product = await t.stripe.products.create({ name: 'Pro' });
    const pro = await t.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 3000, recurring: { interval: 'month' } });
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const periodEnd = sub.items.data[0]!.current_period_end;
    await advance(clock.id, START + 14 * DAY);
    const upgraded = await t.stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0]!.id, price: pro.id }] });
    expect(upgraded.latest_invoice).toBe(sub.latest_invoice);
    await advance(clock.id, periodEnd + DAY);
    const renewal = await t.stripe.invoices.retrieve((await t.stripe.subscriptions.retrieve(sub.id)).latest_invoice as string);
    const remaining = (periodEnd - (START + 14 * DAY)) / (periodEnd - START);
    expect(renewal.lines.data.map((l) => l.amount)).toEqual([-Math.round(1500 * remaining), Math.round(3000 * remaining), 3000]);
    expect(renewal.lines.data[0]!.parent?.subscription_item_details?.proration).toBe(true);
  });

  it('fails a renewal, retries on schedule, and recovers when the invoice is paid', async () => {
    const { clock, customer } = await customerOnClock('pm_card_chargeCustomerFail');
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }], trial_period_days: 7 });
    expect(sub.status).toBe('trialing');
    await advance(clock.id, START + 5 * DAY);
    const notices = await t.stripe.events.list({ type: 'customer.subscription.trial_will_end' });
    const notice = notices.data.find((e) => (e.data.object as Stripe.Subscription).id === sub.id);
    expect(notice?.created).toBe(START + 4 * DAY);
    await advance(clock.id, START + 8 * DAY);
    let current = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(current.status).toBe('past_due');
    let invoice = current.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: 'open', attempt_count: 1, next_payment_attempt: START + 7 * DAY + 3 * DAY });
    await advance(clock.id, START + 11 * DAY);
    invoice = await t.stripe.invoices.retrieve(invoice.id);
    expect(invoice).toMatchObject({ attempt_count: 2, next_payment_attempt: START + 10 * DAY + 5 * DAY });
    const failures = await t.stripe.events.list({ type: 'invoice.payment_failed' });
    expect(failures.data.filter((e) => (e.data.object as Stripe.Invoice).id === invoice.id)).toHaveLength(2);

    // The learner updates the card on the hosted invoice page's behalf: pay with a good card.
    const paid = await t.stripe.invoices.pay(invoice.id, { payment_method: 'pm_card_visa' });
    expect(paid.status).toBe('paid');
    current = await t.stripe.subscriptions.retrieve(sub.id);
    expect(current.status).toBe('active');
  });

  it('renews 3155 off-session without a challenge; 3184 needs one and recovers on the hosted invoice page', async () => {
    const setup = await customerOnClock('pm_card_authenticationRequiredOnSetup');
    const easy = await t.stripe.subscriptions.create({ customer: setup.customer.id, items: [{ price: monthly.id }], payment_behavior: 'default_incomplete' });
    const firstInvoice = await t.stripe.invoices.retrieve(easy.latest_invoice as string);
    await t.stripe.invoices.pay(firstInvoice.id).catch(() => undefined); // on-session: asks for 3-D Secure
    const pi = (await t.stripe.invoicePayments.list({ invoice: firstInvoice.id })).data[0]!.payment.payment_intent as string;
    await fetch(`${t.running.url}/c/3ds/${pi}`, { method: 'POST', body: 'result=complete', headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
    expect((await t.stripe.subscriptions.retrieve(easy.id)).status).toBe('active');
    await advance(setup.clock.id, START + 30 * DAY);
    const renewedEasy = await t.stripe.subscriptions.retrieve(easy.id, { expand: ['latest_invoice'] });
    expect((renewedEasy.latest_invoice as Stripe.Invoice).status).toBe('paid');

    const { clock, customer } = await customerOnClock();
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const strict = await t.stripe.paymentMethods.attach('pm_card_authenticationRequired', { customer: customer.id });
    await t.stripe.subscriptions.update(sub.id, { default_payment_method: strict.id });
    await advance(clock.id, START + 30 * DAY);
    const waiting = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(waiting.status).toBe('past_due');
    const invoice = waiting.latest_invoice as Stripe.Invoice;
    const actions = await t.stripe.events.list({ type: 'invoice.payment_action_required' });
    expect(actions.data.some((e) => (e.data.object as Stripe.Invoice).id === invoice.id)).toBe(true);
    const form = new URLSearchParams({ cardNumber: '4000002760003184', expiry: '12/34', cvc: '123' }).toString();
    const challenge = await fetch(invoice.hosted_invoice_url!, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
    const challengeUrl = new URL(challenge.headers.get('location')!, t.running.url).toString();
    expect(challengeUrl).toContain('/c/3ds/');
    const back = await fetch(challengeUrl, { method: 'POST', body: 'result=complete', headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
    expect(back.headers.get('location')).toBe(invoice.hosted_invoice_url);
    expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });

  it('cancels after the last retry when dunning gives up', async () => {
    const { clock, customer } = await customerOnClock();
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const failing = await t.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await t.stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
    await advance(clock.id, START + 60 * DAY);
    const ended = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(ended.status).toBe('canceled');
    expect(ended.cancellation_details?.reason).toBe('payment_failed');
    expect((ended.latest_invoice as Stripe.Invoice).attempt_count).toBe(4);
  });

  it('expires a subscription whose first invoice stays unpaid for 23 hours', async () => {
    const { clock, customer } = await customerOnClock('pm_card_chargeCustomerFail');
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    expect(sub.status).toBe('incomplete');
    await advance(clock.id, START + DAY);
    const expired = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(expired.status).toBe('incomplete_expired');
    expect((expired.latest_invoice as Stripe.Invoice).status).toBe('void');
    const deleted = await t.stripe.events.list({ type: 'customer.subscription.deleted' });
    expect(deleted.data.some((e) => (e.data.object as Stripe.Subscription).id === sub.id)).toBe(true);
  });

  it('refuses a customer without a payment method', async () => {
    const customer = await t.stripe.customers.create({ email: 'nopm@example.com' });
    await expect(t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] })).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe('test clocks', () => {
  it('creates, lists, advances with events and deletes', async () => {
    const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: START });
    expect(clock.status).toBe('ready');
    const advancing = await t.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START + DAY });
    expect(advancing.status).toBe('advancing');
    await waitFor(() => t.running.sandbox.store.get<{ id: string; object: string; status: string }>('test_helpers.test_clock', clock.id)?.status === 'ready');
    await expect(t.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START })).rejects.toMatchObject({ statusCode: 400 });
    const deleted = await t.stripe.testHelpers.testClocks.del(clock.id);
    expect(deleted.deleted).toBe(true);
  });
});
