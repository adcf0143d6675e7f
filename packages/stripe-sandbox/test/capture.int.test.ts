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

const eventsFor = async (id: string) =>
  (await t.stripe.events.list({ limit: 100 })).data
    .filter((e) => {
      const o = e.data.object as { id?: string; payment_intent?: string };
      return o.id === id || o.payment_intent === id;
    })
    .map((e) => e.type)
    .reverse();

const authorize = (amount = 5000, extra: Partial<Stripe.PaymentIntentCreateParams> = {}) =>
  t.stripe.paymentIntents.create({ amount, currency: 'usd', payment_method: 'pm_card_visa', capture_method: 'manual', confirm: true, ...extra });

describe('manual capture', () => {
  it('authorizes on confirm (requires_capture, charge not captured, no money moved)', async () => {
    const pi = await authorize();
    expect(pi).toMatchObject({ status: 'requires_capture', capture_method: 'manual', amount_capturable: 5000, amount_received: 0 });
    const charge = await t.stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ status: 'succeeded', paid: true, captured: false, amount_captured: 0, balance_transaction: null });
    expect(charge.payment_method_details?.card?.capture_before).toBeGreaterThan(charge.created);
    expect(await eventsFor(pi.id)).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.amount_capturable_updated']);
  });

  it('captures part of it: the rest is released, the balance gets only the captured amount', async () => {
    const pi = await authorize();
    const captured = await t.stripe.paymentIntents.capture(pi.id, { amount_to_capture: 3000 });
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 3000, amount_capturable: 0 });
    const charge = await t.stripe.charges.retrieve(pi.latest_charge as string, { expand: ['balance_transaction'] });
    expect(charge).toMatchObject({ captured: true, amount_captured: 3000, amount_refunded: 2000, refunded: false });
    expect((charge.balance_transaction as Stripe.BalanceTransaction).amount).toBe(3000);
    expect((await eventsFor(pi.id)).slice(-2)).toEqual(['charge.captured', 'payment_intent.succeeded']);
    // Captured once: a second capture is refused.
    await expect(t.stripe.paymentIntents.capture(pi.id)).rejects.toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    // The captured part can be refunded, not more.
    await expect(t.stripe.refunds.create({ payment_intent: pi.id, amount: 3001 })).rejects.toMatchObject({ statusCode: 400 });
    expect((await t.stripe.refunds.create({ payment_intent: pi.id })).amount).toBe(3000);
  });

  it('refuses to capture more than authorized, and captures all by default', async () => {
    const pi = await authorize(2500);
    await expect(t.stripe.paymentIntents.capture(pi.id, { amount_to_capture: 2501 })).rejects.toMatchObject({
      statusCode: 400,
      param: 'amount_to_capture',
    });
    expect((await t.stripe.paymentIntents.capture(pi.id)).amount_received).toBe(2500);
  });

  it('cancel releases the authorization (charge refunded, nothing captured)', async () => {
    const pi = await authorize();
    await expect(t.stripe.refunds.create({ payment_intent: pi.id })).rejects.toMatchObject({ code: 'charge_not_refundable' });
    const canceled = await t.stripe.paymentIntents.cancel(pi.id);
    expect(canceled).toMatchObject({ status: 'canceled', amount_capturable: 0 });
    const charge = await t.stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ captured: false, refunded: true, amount_refunded: 5000 });
    expect((await eventsFor(pi.id)).slice(-2)).toEqual(['charge.refunded', 'payment_intent.canceled']);
  });

  it('an authorization left 7 days is released and the PaymentIntent canceled (automatic)', async () => {
    const pi = await authorize();
    const advance = (seconds: number) =>
      fetch(`${t.running.url}/_sandbox/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds }) });
    await advance(6 * 86400);
    expect((await t.stripe.paymentIntents.retrieve(pi.id)).status).toBe('requires_capture');
    await advance(86400 + 60);
    expect(await t.stripe.paymentIntents.retrieve(pi.id)).toMatchObject({ status: 'canceled', cancellation_reason: 'automatic' });
  });

  it('a later confirm can choose manual capture; bank debits cannot', async () => {
    const pi = await t.stripe.paymentIntents.create({ amount: 1500, currency: 'usd' });
    const confirmed = await t.stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa', capture_method: 'manual' });
    expect(confirmed.status).toBe('requires_capture');
    const bank = await t.stripe.paymentMethods.create({
      type: 'us_bank_account',
      us_bank_account: { routing_number: '110000000', account_number: '000123456789', account_holder_type: 'individual' },
      billing_details: { name: 'Ada' },
    });
    await expect(
      t.stripe.paymentIntents.create({
        amount: 1500,
        currency: 'usd',
        allowed_payment_method_types: ['us_bank_account'],
        payment_method: bank.id,
        capture_method: 'manual',
        confirm: true,
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'capture_method' });
  });
});
