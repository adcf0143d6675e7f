import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { DEFAULT_ENDPOINT_ID } from '../server';
import { startReceiver, startTestSandbox, waitFor, type TestSandbox } from './helpers';

const verifier = new Stripe('sk_test_verify', { apiVersion: '2026-10-28.endive' });

describe('configured endpoint', () => {
  let t: TestSandbox;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const secret = 'whsec_test_configured';

  beforeAll(async () => {
    receiver = await startReceiver();
    t = await startTestSandbox({ webhookUrl: receiver.url, webhookSecret: secret });
  });
  afterAll(async () => {
    await t.running.close();
    await receiver.close();
  });

  it('signs every delivery so stripe.webhooks.constructEvent accepts it', async () => {
    const customer = await t.stripe.customers.create({ email: 'hook@example.com' });
    const hook = await waitFor(() => receiver.received.find((h) => h.body.includes(customer.id)));
    const event = verifier.webhooks.constructEvent(hook.body, hook.headers['stripe-signature'] as string, secret);
    expect(event.type).toBe('customer.created');
    expect((event.data.object as Stripe.Customer).id).toBe(customer.id);
    expect(event.api_version).toBe('2026-10-28.endive');
    expect(event.request?.id).toMatch(/^req_/);
    expect(() =>
      verifier.webhooks.constructEvent(hook.body, hook.headers['stripe-signature'] as string, 'whsec_wrong'),
    ).toThrow(Stripe.errors.StripeSignatureVerificationError);
    const listed = await t.stripe.webhookEndpoints.list();
    expect(listed.data.map((e) => e.id)).toContain(DEFAULT_ENDPOINT_ID);
  });

  it('delivers a flow in emission order', async () => {
    const before = receiver.received.length;
    const pi = await t.stripe.paymentIntents.create({ amount: 900, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    await waitFor(() => receiver.received.length >= before + 3);
    await t.running.idle();
    const types = receiver.received
      .slice(before)
      .map((h) => JSON.parse(h.body) as Stripe.Event)
      .filter((e) => JSON.stringify(e.data.object).includes(pi.id))
      .map((e) => e.type);
    expect(types).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded']);
  });
});

describe('registered endpoints and retries', () => {
  let t: TestSandbox;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    // Fail the first two attempts of every event, then accept.
    const seen = new Map<string, number>();
    receiver = await startReceiver((_n, hook) => {
      const id = (JSON.parse(hook.body) as { id: string }).id;
      const count = (seen.get(id) ?? 0) + 1;
      seen.set(id, count);
      return count <= 2 ? 500 : 200;
    });
    t = await startTestSandbox();
  });
  afterAll(async () => {
    await t.running.close();
    await receiver.close();
  });

  it('creates an endpoint with a secret, retries with backoff, and logs deliveries', async () => {
    const endpoint = await t.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['product.created'] });
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect((await t.stripe.webhookEndpoints.retrieve(endpoint.id)).secret).toBeUndefined();
    const product = await t.stripe.products.create({ name: 'Retried' });
    await t.stripe.customers.create({ email: 'not-subscribed@example.com' });
    const attempts = await waitFor(() => {
      const hits = receiver.received.filter((h) => h.body.includes(product.id));
      return hits.length >= 3 ? hits : undefined;
    });
    for (const hit of attempts) {
      const event = verifier.webhooks.constructEvent(hit.body, hit.headers['stripe-signature'] as string, endpoint.secret!);
      expect(event.type).toBe('product.created');
    }
    expect(receiver.received.some((h) => h.body.includes('not-subscribed@example.com'))).toBe(false);
    const delivery = await waitFor(() =>
      t.running.sandbox.store.state.deliveries.find((d) => d.endpointId === endpoint.id && d.status === 'succeeded'),
    );
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    const event = await t.stripe.events.retrieve(delivery.eventId);
    expect(event.pending_webhooks).toBe(0);

    const deleted = await t.stripe.webhookEndpoints.del(endpoint.id);
    expect(deleted.deleted).toBe(true);
    expect((await t.stripe.webhookEndpoints.list()).data).toHaveLength(0);
  });

  it('gives up after the configured number of attempts', async () => {
    const dead = await startReceiver(() => 503);
    const endpoint = await t.stripe.webhookEndpoints.create({ url: dead.url, enabled_events: ['*'] });
    await t.stripe.products.create({ name: 'Never delivered' });
    const delivery = await waitFor(() =>
      t.running.sandbox.store.state.deliveries.find((d) => d.endpointId === endpoint.id && d.status === 'failed'),
    );
    expect(delivery.attempts).toHaveLength(4);
    await t.stripe.webhookEndpoints.del(endpoint.id);
    await dead.close();
  });
});
