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

async function advanceClock(clock: string, seconds: number) {
  const res = await fetch(`${t.running.url}/_sandbox/test_clocks/${clock}/advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ seconds }),
  });
  expect(res.status).toBe(200);
}

async function plans() {
  const product = await t.stripe.products.create({ name: 'All-Access' });
  const yearly = await t.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 19_900, recurring: { interval: 'year' } });
  const monthly = await t.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1900, recurring: { interval: 'month' } });
  return { yearly, monthly };
}

async function subscriber(clockTime = Math.floor(Date.now() / 1000)) {
  const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: clockTime });
  const customer = await t.stripe.customers.create({ email: 'credit@example.com', payment_method: 'pm_card_visa', test_clock: clock.id });
  const pm = (await t.stripe.paymentMethods.list({ customer: customer.id })).data[0]!.id;
  return { clock, customer, pm };
}

const chargesOf = async (customer: string) => (await t.stripe.charges.list({ customer, limit: 100 })).data;

describe('customer balance', () => {
  it('adjusts the balance through balance transactions, with customer.updated', async () => {
    const customer = await t.stripe.customers.create({ email: 'adjust@example.com' });
    const credit = await t.stripe.customers.createBalanceTransaction(customer.id, { amount: -500, currency: 'usd', description: 'Goodwill' });
    expect(credit).toMatchObject({ object: 'customer_balance_transaction', type: 'adjustment', amount: -500, ending_balance: -500, currency: 'usd', invoice: null });
    const after = await t.stripe.customers.retrieve(customer.id);
    expect(after).toMatchObject({ balance: -500, currency: 'usd' });
    const updated = (await t.stripe.events.list({ type: 'customer.updated', limit: 1 })).data[0]!;
    expect(updated.data.previous_attributes).toMatchObject({ balance: 0 });

    await t.stripe.customers.update(customer.id, { balance: 200 });
    const list = await t.stripe.customers.listBalanceTransactions(customer.id);
    expect(list.data.map((b) => [b.type, b.amount, b.ending_balance])).toEqual([
      ['adjustment', 700, 200],
      ['adjustment', -500, -500],
    ]);
    const one = await t.stripe.customers.retrieveBalanceTransaction(customer.id, credit.id);
    expect(one.description).toBe('Goodwill');
    await expect(t.stripe.customers.createBalanceTransaction(customer.id, { amount: 100, currency: 'eur' })).rejects.toMatchObject({ param: 'currency' });
    await expect(t.stripe.customers.retrieveBalanceTransaction(customer.id, 'cbtxn_nope')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('a downgrade’s credit lands on the balance and pays the next invoices', async () => {
    const { yearly, monthly } = await plans();
    const { clock, customer, pm } = await subscriber();
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: yearly.id }], default_payment_method: pm });
    expect(sub.status).toBe('active');
    await advanceClock(clock.id, 10 * 86_400);

    // Yearly → monthly: the unused year is credited, the first month billed, the rest is credit.
    const switched = await t.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0]!.id, price: monthly.id }],
      proration_behavior: 'create_prorations',
    });
    const credit = await t.stripe.invoices.retrieve(switched.latest_invoice as string);
    expect(credit.total).toBeLessThan(0);
    expect(credit).toMatchObject({ status: 'paid', amount_due: 0, amount_paid: 0, starting_balance: 0, ending_balance: credit.total });
    let balance = (await t.stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(balance.balance).toBe(credit.total);
    const applied = await t.stripe.customers.listBalanceTransactions(customer.id, { invoice: credit.id });
    expect(applied.data.map((b) => [b.type, b.amount])).toEqual([['applied_to_invoice', credit.total]]);

    // The preview of the next renewal shows the credit applied.
    const preview = await t.stripe.invoices.createPreview({ subscription: sub.id });
    expect(preview).toMatchObject({ total: 1900, starting_balance: credit.total, amount_due: 0, ending_balance: credit.total + 1900 });

    // The renewal is paid from the balance: no charge.
    const chargesBefore = (await chargesOf(customer.id)).length;
    await advanceClock(clock.id, 32 * 86_400);
    const renewal = (await t.stripe.invoices.list({ subscription: sub.id, limit: 1 })).data[0]!;
    expect(renewal).toMatchObject({
      billing_reason: 'subscription_cycle',
      status: 'paid',
      total: 1900,
      amount_due: 0,
      starting_balance: credit.total,
      ending_balance: credit.total + 1900,
    });
    expect((await chargesOf(customer.id)).length).toBe(chargesBefore);
    balance = (await t.stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(balance.balance).toBe(credit.total + 1900);
    const events = (await t.stripe.events.list({ type: 'customer.updated', limit: 5 })).data.filter(
      (e) => (e.data.object as Stripe.Customer).id === customer.id,
    );
    expect(events[0]!.data.previous_attributes).toMatchObject({ balance: credit.total });
  });

  it('a credit smaller than the invoice reduces amount_due, and voiding gives it back', async () => {
    const { monthly } = await plans();
    const { customer, pm } = await subscriber();
    await t.stripe.customers.createBalanceTransaction(customer.id, { amount: -500, currency: 'usd' });
    const sub = await t.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
      default_payment_method: pm,
      payment_behavior: 'default_incomplete',
    });
    const invoice = await t.stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(invoice).toMatchObject({ status: 'open', total: 1900, starting_balance: -500, ending_balance: 0, amount_due: 1400, amount_remaining: 1400 });
    expect(((await t.stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(0);
    await t.stripe.invoices.voidInvoice(invoice.id);
    expect(((await t.stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(-500);
    const txns = await t.stripe.customers.listBalanceTransactions(customer.id);
    expect(txns.data.map((b) => [b.type, b.amount])).toEqual([
      ['unapplied_from_invoice', -500],
      ['applied_to_invoice', 500],
      ['adjustment', -500],
    ]);
  });

  it('pays the rest by card when the credit does not cover the invoice', async () => {
    const { monthly } = await plans();
    const { customer, pm } = await subscriber();
    await t.stripe.customers.update(customer.id, { balance: -700 });
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }], default_payment_method: pm });
    const invoice = await t.stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(invoice).toMatchObject({ status: 'paid', amount_due: 1200, amount_paid: 1200, starting_balance: -700, ending_balance: 0 });
    const [charge] = await chargesOf(customer.id);
    expect(charge!.amount).toBe(1200);
  });
});

describe('cancel with prorate and invoice_now', () => {
  it('credits the unused time on a final invoice, to the customer balance', async () => {
    const { yearly } = await plans();
    const { clock, customer, pm } = await subscriber();
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: yearly.id }], default_payment_method: pm });
    await advanceClock(clock.id, 73 * 86_400);
    const canceled = await t.stripe.subscriptions.cancel(sub.id, { prorate: true, invoice_now: true });
    expect(canceled.status).toBe('canceled');
    const final = (await t.stripe.invoices.list({ subscription: sub.id, limit: 1 })).data[0]!;
    expect(final.total).toBeLessThan(-15_000);
    expect(final).toMatchObject({ status: 'paid', amount_due: 0, ending_balance: final.total });
    expect(((await t.stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(final.total);

    const other = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: yearly.id }], default_payment_method: pm });
    const plain = await t.stripe.subscriptions.cancel(other.id, { prorate: false });
    expect(plain.status).toBe('canceled');
  });
});
