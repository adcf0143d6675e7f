import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { API_VERSION, startTestSandbox, type TestSandbox } from './helpers';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t.running.close();
});

const refusal = (apiVersion: string) =>
  t
    .client('sk_test_old', { apiVersion: apiVersion as typeof API_VERSION })
    .customers.list()
    .then(() => null, (e: Stripe.errors.StripeError) => e);

describe('API versions', () => {
  it('answers the pinned version, and requests without a Stripe-Version header', async () => {
    expect((await t.stripe.customers.list()).object).toBe('list');
    const res = await fetch(`${t.running.url}/v1/customers`, { headers: { authorization: 'Bearer sk_test_raw' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('stripe-version')).toBe(API_VERSION);
  });

  it('refuses an SDK pinned to an older version, naming what differs and how to pin', async () => {
    const err = await refusal('2024-06-20');
    expect(err).toMatchObject({ statusCode: 400, code: 'api_version_invalid' });
    expect(err?.message).toContain('asked for 2024-06-20');
    expect(err?.message).toContain('parent.subscription_details');
    expect(err?.message).toContain(`apiVersion: '${API_VERSION}'`);
    expect(err?.message).toContain(`stripe.api_version = '${API_VERSION}'`);
    const recent = await refusal('2025-09-30.clover');
    expect(recent?.message).toContain('allowed_payment_method_types');
    expect(recent?.message).not.toContain('parent.subscription_details');
  });

  it('says so for a version newer than it knows, and for one that is not a version', async () => {
    expect((await refusal('2099-01-01.zinnia'))?.message).toContain('not a version it knows');
    expect((await refusal('latest'))?.message).toContain('Invalid Stripe API version: latest');
  });
});
