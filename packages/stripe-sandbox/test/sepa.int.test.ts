import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startTestSandbox, type TestSandbox } from './helpers';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox({ refundSettleMs: 60_000 });
});
afterAll(async () => {
  await t.running.close();
});

const settle = (pi: string) => fetch(`${t.running.url}/_sandbox/payment_intents/${pi}/settle`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
const holder = { name: 'Jenny Rosen', email: 'jenny@example.com' };
const sepaPm = (iban: string) => t.stripe.paymentMethods.create({ type: 'sepa_debit', sepa_debit: { iban }, billing_details: holder });
const debit = (payment_method: string, amount = 4800) =>
  t.stripe.paymentIntents.create({ amount, currency: 'eur', allowed_payment_method_types: ['sepa_debit'], payment_method, confirm: true });

describe('SEPA Direct Debit', () => {
  it('creates PaymentMethods from Stripe’s test IBANs, and refuses other IBANs and a missing holder', async () => {
    const pm = await sepaPm('AT61 1904 3002 3457 3201');
    expect(pm).toMatchObject({ type: 'sepa_debit', sepa_debit: { country: 'AT', last4: '3201', bank_code: '19043' } });
    await expect(sepaPm('DE00123456789012345678')).rejects.toMatchObject({ statusCode: 400, code: 'invalid_bank_account', param: 'sepa_debit[iban]' });
    await expect(t.stripe.paymentMethods.create({ type: 'sepa_debit', sepa_debit: { iban: 'AT611904300234573201' } })).rejects.toMatchObject({
      code: 'parameter_missing',
      param: 'billing_details[name]',
    });
  });

  it('is a delayed method: processing, then succeeded on settlement, with the SEPA fee', async () => {
    const pi = await debit((await sepaPm('AT611904300234573201')).id);
    expect(pi.status).toBe('processing');
    const charge = await t.stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ status: 'pending', payment_method_details: { type: 'sepa_debit', sepa_debit: { last4: '3201', country: 'AT' } } });
    expect((await settle(pi.id)).status).toBe(200);
    expect((await t.stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
    const txn = (await t.stripe.charges.retrieve(charge.id, { expand: ['balance_transaction'] })).balance_transaction as Stripe.BalanceTransaction;
    expect(txn).toMatchObject({ type: 'payment', fee: 35, net: 4800 - 35 });
    // Refunds of a bank debit start pending and are payment_refund balance transactions.
    const refund = await t.stripe.refunds.create({ payment_intent: pi.id, amount: 800 });
    expect(refund.status).toBe('pending');
    expect(((await t.stripe.refunds.retrieve(refund.id, { expand: ['balance_transaction'] })).balance_transaction as Stripe.BalanceTransaction).type).toBe('payment_refund');
  });

  it('fails, disputes and declines as the documented IBANs and test PaymentMethods do', async () => {
    const failed = await debit((await sepaPm('AT861904300235473202')).id);
    await settle(failed.id);
    expect(await t.stripe.paymentIntents.retrieve(failed.id)).toMatchObject({ status: 'requires_payment_method', last_payment_error: { code: 'payment_method_provider_decline' } });

    const disputed = await debit((await sepaPm('AT591904300235473203')).id);
    await settle(disputed.id);
    expect((await t.stripe.paymentIntents.retrieve(disputed.id)).status).toBe('succeeded');
    expect((await t.stripe.disputes.list({ payment_intent: disputed.id })).data[0]?.reason).toBe('debit_not_authorized');

    const poor = await debit('pm_insufficientFunds_de');
    await settle(poor.id);
    expect((await t.stripe.paymentIntents.retrieve(poor.id)).last_payment_error?.code).toBe('insufficient_funds');

    const ok = await debit('pm_success_fr');
    expect(ok.status).toBe('processing');
  });

  it('Checkout offers it for EUR, completes the session unpaid, and sends async_payment_succeeded on settlement', async () => {
    const price = await t.stripe.prices.create({ currency: 'eur', unit_amount: 4800, product_data: { name: 'Kurs' } });
    const cs = await t.stripe.checkout.sessions.create({ mode: 'payment', line_items: [{ price: price.id, quantity: 1 }], success_url: 'https://example.com/ok' });
    expect(cs.payment_method_types).toEqual(['card', 'sepa_debit']);
    const pageHtml = await (await fetch(cs.url!)).text();
    expect(pageHtml).toContain('SEPA Direct Debit');
    expect(pageHtml).toContain('name="iban"');
    const res = await fetch(cs.url!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ method: 'sepa_debit', email: 'jenny@example.com', name: 'Jenny Rosen', iban: 'DE89370400440532013000' }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    const done = await t.stripe.checkout.sessions.retrieve(cs.id);
    expect(done).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    await settle(done.payment_intent as string);
    expect((await t.stripe.checkout.sessions.retrieve(cs.id)).payment_status).toBe('paid');
    const types = (await t.stripe.events.list({ limit: 10 })).data.map((e) => e.type);
    expect(types).toContain('checkout.session.async_payment_succeeded');
    // A bad IBAN keeps the buyer on the page with Stripe-like wording.
    const cs2 = await t.stripe.checkout.sessions.create({ mode: 'payment', line_items: [{ price: price.id, quantity: 1 }], success_url: 'https://example.com/ok' });
    const bad = await fetch(cs2.url!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ method: 'sepa_debit', email: 'jenny@example.com', name: 'Jenny Rosen', iban: 'XX00' }).toString(),
      redirect: 'manual',
    });
    expect(bad.status).toBe(402);
    expect(await bad.text()).toContain('Use a test IBAN');
  });
});
