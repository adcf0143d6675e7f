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

describe('products', () => {
  it('creates, retrieves, updates, lists and deletes', async () => {
    const product = await t.stripe.products.create({ name: 'Rust for humans', metadata: { course: 'rust' } });
    expect(product.id).toMatch(/^prod_/);
    expect(product.metadata).toEqual({ course: 'rust' });
    expect(product.active).toBe(true);

    const updated = await t.stripe.products.update(product.id, { description: 'Ten lessons', metadata: { course: '', level: 'beginner' } });
    expect(updated.description).toBe('Ten lessons');
    expect(updated.metadata).toEqual({ level: 'beginner' });

    const cleared = await t.stripe.products.update(product.id, { description: '' });
    expect(cleared.description).toBeNull();

    expect((await t.stripe.products.retrieve(product.id)).name).toBe('Rust for humans');
    const list = await t.stripe.products.list({ limit: 100 });
    expect(list.data.map((p) => p.id)).toContain(product.id);

    const deleted = await t.stripe.products.del(product.id);
    expect(deleted).toMatchObject({ id: product.id, deleted: true });
    await expect(t.stripe.products.retrieve(product.id)).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      type: 'StripeInvalidRequestError',
    });
  });

  it('creates a default price from default_price_data', async () => {
    const product = await t.stripe.products.create({
      name: 'Go in depth',
      default_price_data: { currency: 'usd', unit_amount: 4900 },
      expand: ['default_price'],
    });
    const price = product.default_price as Stripe.Price;
    expect(price.unit_amount).toBe(4900);
    expect(price.product).toBe(product.id);
  });
});

describe('prices', () => {
  it('supports one-time, recurring, currency_options, lookup keys and filters', async () => {
    const product = await t.stripe.products.create({ name: 'All-Access' });
    const oneTime = await t.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 4800,
      lookup_key: 'course_once',
      currency_options: { eur: { unit_amount: 4500 }, jpy: { unit_amount: 4800 } },
    });
    expect(oneTime.type).toBe('one_time');
    expect(oneTime.currency_options).toBeUndefined();
    expect(oneTime.unit_amount_decimal?.toString()).toBe('4800');
    const expanded = await t.stripe.prices.retrieve(oneTime.id, { expand: ['currency_options'] });
    expect(expanded.currency_options?.jpy?.unit_amount).toBe(4800);
    expect(expanded.currency_options?.usd?.unit_amount).toBe(4800);

    const monthly = await t.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 1500,
      recurring: { interval: 'month' },
      lookup_key: 'all_access_monthly',
    });
    expect(monthly.recurring).toMatchObject({ interval: 'month', interval_count: 1, usage_type: 'licensed' });

    const byKey = await t.stripe.prices.list({ lookup_keys: ['all_access_monthly', 'course_once'] });
    expect(byKey.data.map((p) => p.id).sort()).toEqual([oneTime.id, monthly.id].sort());

    const recurring = await t.stripe.prices.list({ type: 'recurring', product: product.id });
    expect(recurring.data.map((p) => p.id)).toEqual([monthly.id]);

    await expect(
      t.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1, lookup_key: 'course_once' }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'lookup_key' });
    const moved = await t.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 5000,
      lookup_key: 'course_once',
      transfer_lookup_key: true,
    });
    expect(moved.lookup_key).toBe('course_once');
    expect((await t.stripe.prices.retrieve(oneTime.id)).lookup_key).toBeNull();

    const archived = await t.stripe.prices.update(oneTime.id, { active: false });
    expect(archived.active).toBe(false);
    const active = await t.stripe.prices.list({ active: true, product: product.id, limit: 100 });
    expect(active.data.map((p) => p.id)).not.toContain(oneTime.id);

    const expandedList = await t.stripe.prices.list({ product: product.id, expand: ['data.product'] });
    expect((expandedList.data[0]?.product as Stripe.Product).name).toBe('All-Access');
  });

  it('rejects a missing product and a missing currency', async () => {
    await expect(t.stripe.prices.create({ product: 'prod_nope', currency: 'usd', unit_amount: 100 })).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      param: 'product',
    });
    await expect(
      t.stripe.prices.create({ product: 'prod_nope', unit_amount: 100 } as unknown as Stripe.PriceCreateParams),
    ).rejects.toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'currency' });
  });
});

describe('customers', () => {
  it('creates, updates, filters by email and deletes', async () => {
    const email = `ada+${Date.now()}@example.com`;
    const customer = await t.stripe.customers.create({ email, name: 'Ada', metadata: { user_id: 'u_1' } });
    expect(customer.id).toMatch(/^cus_/);
    const updated = await t.stripe.customers.update(customer.id, { name: 'Ada Lovelace' });
    expect(updated.name).toBe('Ada Lovelace');
    const found = await t.stripe.customers.list({ email });
    expect(found.data.map((c) => c.id)).toEqual([customer.id]);
    await t.stripe.customers.del(customer.id);
    const gone = await t.stripe.customers.retrieve(customer.id);
    expect(gone.deleted).toBe(true);
    const events = await t.stripe.events.list({ type: 'customer.*' });
    expect(events.data.map((e) => e.type)).toEqual(['customer.deleted', 'customer.updated', 'customer.created']);
  });
});

describe('wire fidelity', () => {
  it('rejects unknown parameters, including nested ones', async () => {
    await expect(
      t.stripe.products.create({ name: 'x', colour: 'red' } as unknown as Stripe.ProductCreateParams),
    ).rejects.toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'colour' });
    await expect(
      t.stripe.products.create({ name: 'x', marketing_features: [{ name: 'a', icon: 'b' }] } as unknown as Stripe.ProductCreateParams),
    ).rejects.toMatchObject({ code: 'parameter_unknown', param: 'marketing_features[0][icon]' });
  });

  it('rejects bad integers and booleans with the param named', async () => {
    await expect(
      t.stripe.prices.list({ limit: 'ten' } as unknown as Stripe.PriceListParams),
    ).rejects.toMatchObject({ statusCode: 400, param: 'limit' });
    await expect(
      t.stripe.prices.list({ active: 'maybe' } as unknown as Stripe.PriceListParams),
    ).rejects.toMatchObject({ statusCode: 400, param: 'active' });
  });

  it('answers 401 for a missing or malformed key and refuses live keys', async () => {
    await expect(t.client('sk_live_abc123').products.list()).rejects.toMatchObject({ statusCode: 401, type: 'StripeAuthenticationError' });
    await expect(t.client('pk_test_abc').products.list()).rejects.toMatchObject({ statusCode: 401 });
    const res = await fetch(`${t.running.url}/v1/products`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });

  it('answers 404 for an unknown route', async () => {
    const res = await fetch(`${t.running.url}/v1/nothing_here`, { headers: { authorization: 'Bearer sk_test_x' } });
    expect(res.status).toBe(404);
  });

  it('rejects expansion of a field that cannot be expanded', async () => {
    const product = await t.stripe.products.create({ name: 'x' });
    await expect(t.stripe.products.retrieve(product.id, { expand: ['name'] })).rejects.toMatchObject({
      statusCode: 400,
      param: 'expand',
    });
  });
});

describe('pagination', () => {
  it('walks forwards and backwards with has_more', async () => {
    const product = await t.stripe.products.create({ name: 'Paged' });
    const created: string[] = [];
    for (let i = 0; i < 7; i++) {
      created.push((await t.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 100 + i })).id);
    }
    const newestFirst = [...created].reverse();
    const page1 = await t.stripe.prices.list({ product: product.id, limit: 3 });
    expect(page1.data.map((p) => p.id)).toEqual(newestFirst.slice(0, 3));
    expect(page1.has_more).toBe(true);
    expect(page1.url).toBe('/v1/prices');
    const page2 = await t.stripe.prices.list({ product: product.id, limit: 3, starting_after: page1.data[2]!.id });
    expect(page2.data.map((p) => p.id)).toEqual(newestFirst.slice(3, 6));
    const page3 = await t.stripe.prices.list({ product: product.id, limit: 3, starting_after: page2.data[2]!.id });
    expect(page3.data.map((p) => p.id)).toEqual(newestFirst.slice(6));
    expect(page3.has_more).toBe(false);
    const back = await t.stripe.prices.list({ product: product.id, limit: 2, ending_before: page3.data[0]!.id });
    expect(back.data.map((p) => p.id)).toEqual(newestFirst.slice(4, 6));
    expect(back.has_more).toBe(true);

    const all: string[] = [];
    for await (const p of t.stripe.prices.list({ product: product.id, limit: 2 })) all.push(p.id);
    expect(all).toEqual(newestFirst);
  });
});
