import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from './helpers';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t.running.close();
});

describe('search API', () => {
  it('customers: exact email (case-insensitive), substring, metadata, AND/OR, negation, paging', async () => {
    const ada = await t.stripe.customers.create({ email: 'Ada@Example.com', name: 'Ada Lovelace', metadata: { userId: 'u_1' } });
    const grace = await t.stripe.customers.create({ email: 'grace@example.com', name: 'Grace Hopper', metadata: { userId: 'u_2' } });
    await t.stripe.customers.create({ email: 'alan@example.org', name: 'Alan Turing' });

    const byEmail = await t.stripe.customers.search({ query: "email:'ada@example.com'" });
    expect(byEmail.object).toBe('search_result');
    expect(byEmail.data.map((c) => c.id)).toEqual([ada.id]);
    expect((await t.stripe.customers.search({ query: 'name~"hopp"' })).data.map((c) => c.id)).toEqual([grace.id]);
    expect((await t.stripe.customers.search({ query: "metadata['userId']:'u_2'" })).data.map((c) => c.id)).toEqual([grace.id]);
    const either = await t.stripe.customers.search({ query: "email:'ada@example.com' OR email:'grace@example.com'" });
    expect(either.data.map((c) => c.id).sort()).toEqual([ada.id, grace.id].sort());
    const notAda = await t.stripe.customers.search({ query: "email~'example.com' AND -name:'Ada Lovelace'" });
    expect(notAda.data.map((c) => c.id)).toEqual([grace.id]);

    const first = await t.stripe.customers.search({ query: "email~'example'", limit: 2 });
    expect(first.has_more).toBe(true);
    const second = await t.stripe.customers.search({ query: "email~'example'", limit: 2, page: first.next_page! });
    expect([...first.data, ...second.data].map((c) => c.id).sort()).toHaveLength(3);
    expect(second.has_more).toBe(false);
    // The SDK's auto-pagination follows next_page.
    const all = await t.stripe.customers.search({ query: "email~'example'", limit: 1 }).autoPagingToArray({ limit: 10 });
    expect(all).toHaveLength(3);
  });

  it('charges, payment intents, subscriptions and invoices', async () => {
    const customer = await t.stripe.customers.create({ email: 'buyer@example.com', payment_method: 'pm_card_visa' });
    const pm = (await t.stripe.paymentMethods.list({ customer: customer.id })).data[0]!.id;
    const pi = await t.stripe.paymentIntents.create({ amount: 4900, currency: 'usd', customer: customer.id, payment_method: pm, confirm: true, metadata: { order: 'o_9' } });
    expect((await t.stripe.paymentIntents.search({ query: `customer:'${customer.id}' AND status:'succeeded'` })).data.map((p) => p.id)).toEqual([pi.id]);
    expect((await t.stripe.paymentIntents.search({ query: "metadata['order']:'o_9'" })).data.map((p) => p.id)).toEqual([pi.id]);
    expect((await t.stripe.paymentIntents.search({ query: 'amount>=4900 AND amount<5000' })).data.map((p) => p.id)).toEqual([pi.id]);
    expect((await t.stripe.charges.search({ query: `payment_intent:'${pi.id}' AND refunded:'false'` })).data.map((c) => c.payment_intent)).toEqual([pi.id]);
    expect((await t.stripe.charges.search({ query: `customer:'${customer.id}' AND payment_method_details.card.last4:'4242'` })).data).toHaveLength(1);

    const price = await t.stripe.prices.create({ currency: 'usd', unit_amount: 1900, recurring: { interval: 'month' }, product_data: { name: 'Monthly' } });
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm, metadata: { plan: 'all-access' } });
    expect((await t.stripe.subscriptions.search({ query: "status:'active' AND metadata['plan']:'all-access'" })).data.map((x) => x.id)).toEqual([sub.id]);
    const invoices = await t.stripe.invoices.search({ query: `subscription:'${sub.id}' AND status:'paid' AND total:1900` });
    expect(invoices.data.map((i) => i.id)).toEqual([sub.latest_invoice]);
  });

  it('answers a clear 400 for what it cannot search', async () => {
    await expect(t.stripe.customers.search({ query: "address:'x'" })).rejects.toMatchObject({ statusCode: 400, param: 'query' });
    await expect(t.stripe.customers.search({ query: "email:'a' AND name:'b' OR name:'c'" })).rejects.toMatchObject({ message: 'A query cannot combine AND and OR.' });
    await expect(t.stripe.customers.search({ query: 'email~"ab"' })).rejects.toMatchObject({ statusCode: 400 });
    await expect(t.stripe.customers.search({ query: 'email>3' })).rejects.toMatchObject({ statusCode: 400 });
    await expect(t.stripe.customers.search({ query: 'email:bare' })).rejects.toMatchObject({ statusCode: 400 });
  });
});
