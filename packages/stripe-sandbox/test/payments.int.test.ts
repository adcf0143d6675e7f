import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startTestSandbox, waitFor, type TestSandbox } from './helpers';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t.running.close();
});

describe('payment intents', () => {
  it('confirms with a succeeding card: charge, balance transaction with fee and net', async () => {
    const pi = await t.stripe.paymentIntents.create({
      amount: 4800,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
      metadata: { order: 'o_1' },
    });
    expect(pi.status).toBe('succeeded');
    expect(pi.amount_received).toBe(4800);
    const charge = await t.stripe.charges.retrieve(pi.latest_charge as string, { expand: ['balance_transaction'] });
    expect(charge.status).toBe('succeeded');
    expect(charge.payment_method_details?.card?.last4).toBe('4242');
    const txn = charge.balance_transaction as Stripe.BalanceTransaction;
    // 2.9% of $48.00 is $1.392 → 139 cents, plus 30 cents.
    expect(txn.fee).toBe(169);
    expect(txn.net).toBe(4800 - 169);
    expect(txn.fee_details[0]?.type).toBe('stripe_fee');
    const events = await t.stripe.events.list({ types: ['payment_intent.created', 'payment_intent.succeeded', 'charge.succeeded'], limit: 3 });
    expect(events.data.map((e) => e.type).reverse()).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded']);
  });

  it('answers a decline with a 402 card_error carrying code, decline_code and the payment intent', async () => {
    const err = await t.stripe.paymentIntents
      .create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_chargeDeclinedInsufficientFunds', confirm: true })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    const cardErr = err as Stripe.errors.StripeCardError;
    expect(cardErr.statusCode).toBe(402);
    expect(cardErr.code).toBe('card_declined');
    expect(cardErr.decline_code).toBe('insufficient_funds');
    expect(cardErr.message).toBe('Your card has insufficient funds.');
    expect(cardErr.payment_intent?.status).toBe('requires_payment_method');
    const pi = await t.stripe.paymentIntents.retrieve(cardErr.payment_intent!.id);
    expect(pi.last_payment_error?.decline_code).toBe('insufficient_funds');
    // The same intent can be retried with another card.
    const retried = await t.stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    expect(retried.status).toBe('succeeded');
  });

  it('asks for 3-D Secure with a redirect and can be canceled', async () => {
    const pi = await t.stripe.paymentIntents.create({
      amount: 1000,
      currency: 'eur',
      payment_method: 'pm_card_threeDSecure2Required',
      confirm: true,
      return_url: 'https://example.com/back',
    });
    expect(pi.status).toBe('requires_action');
    expect(pi.next_action?.redirect_to_url?.url).toContain(`/c/3ds/${pi.id}`);
    const canceled = await t.stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'abandoned' });
    expect(canceled.status).toBe('canceled');
    await expect(t.stripe.paymentIntents.cancel(pi.id)).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
  });

  it('accepts automatic_payment_methods', async () => {
    const pi = await t.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', automatic_payment_methods: { enabled: true } });
    expect(pi.automatic_payment_methods).toEqual({ enabled: true, allow_redirects: 'always' });
    expect(pi.payment_method_types).toEqual(['card', 'us_bank_account']);
  });

  it('lists by customer', async () => {
    const customer = await t.stripe.customers.create({ email: 'pi@example.com' });
    const pi = await t.stripe.paymentIntents.create({ amount: 500, currency: 'usd', customer: customer.id });
    expect(pi.status).toBe('requires_payment_method');
    const list = await t.stripe.paymentIntents.list({ customer: customer.id });
    expect(list.data.map((p) => p.id)).toEqual([pi.id]);
  });
});

describe('refunds', () => {
  async function paid(pm = 'pm_card_visa', amount = 5000) {
    return t.stripe.paymentIntents.create({ amount, currency: 'usd', payment_method: pm, confirm: true });
  }

  it('refunds partially then fully; test-card refunds succeed at once', async () => {
    const pi = await paid();
    const partial = await t.stripe.refunds.create({ payment_intent: pi.id, amount: 2000, reason: 'requested_by_customer' });
    expect(partial.status).toBe('succeeded');
    expect(partial.amount).toBe(2000);
    let charge = await t.stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge.amount_refunded).toBe(2000);
    expect(charge.refunded).toBe(false);
    await expect(t.stripe.refunds.create({ charge: charge.id, amount: 4000 })).rejects.toMatchObject({
      statusCode: 400,
      code: 'amount_too_large',
    });
    const rest = await t.stripe.refunds.create({ charge: charge.id });
    expect(rest.amount).toBe(3000);
    charge = await t.stripe.charges.retrieve(charge.id, { expand: ['refunds'] });
    expect(charge.refunded).toBe(true);
    expect(charge.refunds?.data).toHaveLength(2);
    await expect(t.stripe.refunds.create({ charge: charge.id })).rejects.toMatchObject({ code: 'charge_already_refunded' });
    const events = (await t.stripe.events.list({ type: 'refund.*', limit: 100 })).data.filter((e) => (e.data.object as Stripe.Refund).id === partial.id);
    expect(events.map((e) => e.type)).toEqual(['refund.created']);
    const txns = await t.stripe.balanceTransactions.list({ type: 'refund', limit: 100 });
    expect(txns.data.find((x) => x.source === partial.id)?.amount).toBe(-2000);
  });

  it('4000000000007726: the refund starts pending, then succeeds (refund.updated)', async () => {
    const pi = await paid('pm_card_pendingRefund');
    const refund = await t.stripe.refunds.create({ payment_intent: pi.id });
    expect(refund.status).toBe('pending');
    await waitFor(() => t.running.sandbox.store.get<{ id: string; object: string; status: string }>('refund', refund.id)?.status === 'succeeded');
    const events = (await t.stripe.events.list({ type: 'refund.*', limit: 100 })).data.filter((e) => (e.data.object as Stripe.Refund).id === refund.id);
    expect(events.map((e) => e.type).reverse()).toEqual(['refund.created', 'refund.updated']);
  });

  it('fails refunds for 4000000000005126 (succeeded at first, failed later) and gives the amount back to the charge', async () => {
    const pi = await paid('pm_card_refundFail');
    const refund = await t.stripe.refunds.create({ payment_intent: pi.id });
    expect(refund.status).toBe('succeeded');
    await waitFor(() => t.running.sandbox.store.get<{ id: string; object: string; status: string }>('refund', refund.id)?.status === 'failed');
    const failed = await t.stripe.refunds.retrieve(refund.id);
    expect(failed.failure_reason).toBe('expired_or_canceled_card');
    const charge = await t.stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge.amount_refunded).toBe(0);
    const types = (await t.stripe.events.list({ type: 'refund.*', limit: 3 })).data.map((e) => e.type);
    expect(types).toContain('refund.failed');
  });
});

describe('balance transactions', () => {
  it('lists by created range', async () => {
    const before = Math.floor(Date.now() / 1000) - 1;
    await t.stripe.paymentIntents.create({ amount: 1234, currency: 'jpy', payment_method: 'pm_card_visa', confirm: true });
    const list = await t.stripe.balanceTransactions.list({ created: { gte: before }, currency: 'jpy' });
    const txn = list.data.find((x) => x.amount === 1234);
    // JPY: 3.6%, no fixed fee.
    expect(txn?.fee).toBe(44);
    const none = await t.stripe.balanceTransactions.list({ created: { gt: before + 3600 } });
    expect(none.data).toHaveLength(0);
    const balance = await t.stripe.balance.retrieve();
    expect(balance.pending.find((b) => b.currency === 'jpy')?.amount).toBe(1234 - 44);
  });
});

describe('idempotency', () => {
  it('replays the first response for the same key and parameters', async () => {
    const key = `idem-${Date.now()}`;
    const a = await t.stripe.customers.create({ email: 'same@example.com' }, { idempotencyKey: key });
    const res = await fetch(`${t.running.url}/v1/customers`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer sk_test_x',
        'content-type': 'application/x-www-form-urlencoded',
        'idempotency-key': key,
      },
      body: 'email=same%40example.com',
    });
    expect(res.headers.get('idempotent-replayed')).toBe('true');
    expect(((await res.json()) as { id: string }).id).toBe(a.id);
    const b = await t.stripe.customers.create({ email: 'same@example.com' }, { idempotencyKey: key });
    expect(b.id).toBe(a.id);
    expect((await t.stripe.customers.list({ email: 'same@example.com' })).data).toHaveLength(1);
  });

  it('rejects the same key with other parameters', async () => {
    const key = `idem-other-${Date.now()}`;
    await t.stripe.customers.create({ email: 'one@example.com' }, { idempotencyKey: key });
    await expect(t.stripe.customers.create({ email: 'two@example.com' }, { idempotencyKey: key })).rejects.toBeInstanceOf(
      Stripe.errors.StripeIdempotencyError,
    );
  });

  it('replays a decline too', async () => {
    const key = `idem-decline-${Date.now()}`;
    const params = { amount: 700, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true };
    const first = (await t.stripe.paymentIntents.create(params, { idempotencyKey: key }).catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    const second = (await t.stripe.paymentIntents.create(params, { idempotencyKey: key }).catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(second.payment_intent?.id).toBe(first.payment_intent?.id);
  });
});

describe('faults', () => {
  it('answers 500 and 429 for the next requests to a path', async () => {
    const { faults } = t.running.sandbox;
    faults.add({ id: 'f1', path: '/v1/customers', method: null, kind: 'error', remaining: 1, hangMs: 0, latencyMs: 0 });
    await expect(t.stripe.customers.list()).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
    await expect(t.stripe.customers.list()).resolves.toBeTruthy();
    faults.add({ id: 'f2', path: '/v1/customers', method: 'GET', kind: 'rate_limit', remaining: 1, hangMs: 0, latencyMs: 0 });
    await expect(t.stripe.customers.list()).rejects.toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    // With retries the SDK rides out one injected 500.
    faults.add({ id: 'f3', path: '/v1/customers', method: null, kind: 'error', remaining: 1, hangMs: 0, latencyMs: 0 });
    const retrying = t.client('sk_test_retry', { maxNetworkRetries: 1 });
    await expect(retrying.customers.list()).resolves.toBeTruthy();
  });

  it('hangs past the client timeout', async () => {
    t.running.sandbox.faults.add({ id: 'f4', path: '/v1/products', method: null, kind: 'hang', remaining: 1, hangMs: 1500, latencyMs: 0 });
    const impatient = t.client('sk_test_timeout', { timeout: 300 });
    await expect(impatient.products.list()).rejects.toBeInstanceOf(Stripe.errors.StripeConnectionError);
  });
});
