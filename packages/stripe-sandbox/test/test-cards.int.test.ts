import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { MAGIC_PAYMENT_METHODS, TEST_CARDS } from '../payments/test-cards';
import { startTestSandbox, waitFor, type TestSandbox } from './helpers';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t.running.close();
});

type Expect = 'succeeded' | 'requires_action' | { code: string; decline_code?: string };
const ok = 'succeeded' as const;
const action = 'requires_action' as const;
const declined = (code: string, decline_code?: string) => ({ code, ...(decline_code ? { decline_code } : {}) });

/**
 * Stripe's published test PaymentMethods (https://docs.stripe.com/testing) and what a
 * confirmed PaymentIntent does with each, as the page documents it. Radar: the account's
 * default rules block the "highest" risk level.
 */
const COUNTRIES = 'us ar br ca cl co cr ec mx pa py pe uy at be bg by cy cz dk fi fr de gr hu ie it lv lt lu mt nl no pl pt ro si sk es se ch gb gb_debit gb_mastercard au cn hk in jp my nz sg tw th_credit th_debit';
const PUBLISHED: Record<string, Expect> = {
  ...Object.fromEntries(
    'visa visa_debit mastercard mastercard_debit mastercard_prepaid amex discover diners jcb unionpay visa_cartesBancaires mastercard_cartesBancaires visa_debit_eftposAuCoBranded mastercard_debit_eftposAuCoBranded debit_visaFsaProductCode debit_visaHsaProductCode mastercard_debit_mastercardFsaProductCode'
      .split(' ')
      .map((n) => [`pm_card_${n}`, ok]),
  ),
  ...Object.fromEntries(COUNTRIES.split(' ').map((cc) => [`pm_card_${cc}`, ok])),
  pm_card_visa_chargeDeclined: declined('card_declined', 'generic_decline'),
  pm_card_visa_chargeDeclinedInsufficientFunds: declined('card_declined', 'insufficient_funds'),
  pm_card_visa_chargeDeclinedLostCard: declined('card_declined', 'lost_card'),
  pm_card_visa_chargeDeclinedStolenCard: declined('card_declined', 'stolen_card'),
  pm_card_chargeDeclinedExpiredCard: declined('expired_card'),
  pm_card_chargeDeclinedIncorrectCvc: declined('incorrect_cvc'),
  pm_card_chargeDeclinedProcessingError: declined('processing_error'),
  pm_card_visa_chargeDeclinedVelocityLimitExceeded: declined('card_declined', 'card_velocity_exceeded'),
  pm_card_chargeCustomerFail: declined('card_declined'),
  pm_card_radarBlock: declined('card_declined', 'fraudulent'),
  pm_card_riskLevelHighest: declined('card_declined', 'fraudulent'),
  pm_card_riskLevelElevated: ok,
  pm_card_cvcCheckFail: ok,
  pm_card_avsZipFail: ok,
  pm_card_cvcCheckFailElevatedRisk: ok,
  pm_card_avsZipFailElevatedRisk: ok,
  pm_card_avsLine1Fail: ok,
  pm_card_avsFail: ok,
  pm_card_avsUnchecked: ok,
  pm_card_createDispute: ok,
  pm_card_createDisputeProductNotReceived: ok,
  pm_card_createDisputeInquiry: ok,
  pm_card_createIssuerFraudRecord: ok,
  pm_card_createMultipleDisputes: ok,
  pm_card_createCe3EligibleDispute: ok,
  pm_card_createComplianceDispute: ok,
  pm_card_pendingRefund: ok,
  pm_card_refundFail: ok,
  pm_card_bypassPending: ok,
  pm_card_bypassPendingInternational: ok,
  pm_card_authenticationRequiredOnSetup: action,
  pm_card_authenticationRequired: action,
  pm_card_authenticationRequiredSetupForOffSession: action,
  pm_card_authenticationRequiredChargeDeclinedInsufficientFunds: action,
  pm_card_threeDSecure2Required: action,
  pm_card_threeDSecureRequiredChargeDeclined: action,
  pm_card_threeDSecureRequiredProcessingError: declined('card_declined'),
  pm_card_threeDSecureOptional: ok,
  pm_card_threeDSecureOptionalProcessingError: ok,
  pm_card_amex_threeDSecureNotSupported: ok,
};

/** The published card numbers, with the same expectations (numbers only: no PaymentMethod shortcut). */
const NUMBERS: Record<string, Expect> = {
  '4242424242424242': ok, '4000056655665556': ok, '5555555555554444': ok, '2223003122003222': ok, '5200828282828210': ok,
  '5105105105105100': ok, '378282246310005': ok, '371449635398431': ok, '6011111111111117': ok, '6011000990139424': ok,
  '6011981111111113': ok, '3056930009020004': ok, '36227206271667': ok, '6555900000604105': ok, '3566002020360505': ok,
  '6200000000000005': ok, '6200000000000047': ok, '6205500000000000004': ok, '4000002500001001': ok, '5555552500001001': ok,
  '4000050360000001': ok, '5555050360000080': ok, '4000051230000072': ok, '5200828282828897': ok,
  '4000000000000002': declined('card_declined', 'generic_decline'),
  '4000000000009995': declined('card_declined', 'insufficient_funds'),
  '4000000000009987': declined('card_declined', 'lost_card'),
  '4000000000009979': declined('card_declined', 'stolen_card'),
  '4000000000000069': declined('expired_card'),
  '4000000000000127': declined('incorrect_cvc'),
  '4000000000000119': declined('processing_error'),
  '4000000000006975': declined('card_declined', 'card_velocity_exceeded'),
  '4000000000000341': declined('card_declined'),
  '4100000000000019': declined('card_declined', 'fraudulent'),
  '4000000000004954': declined('card_declined', 'fraudulent'),
  '4000000000009235': ok, '4000000000000101': ok, '4000000000000036': ok, '4000058400307872': ok, '4000058400306072': ok,
  '4000000000000028': ok, '4000000000000010': ok, '4000000000000044': ok,
  '4000000000000259': ok, '4000000000002685': ok, '4000000000001976': ok, '4000000000005423': ok, '4000000404000079': ok,
  '4000000404000038': ok, '4000008400000779': ok, '4000000000007726': ok, '4000000000005126': ok, '4000000000000077': ok,
  '4000003720000278': ok,
  '4000002500003155': action, '4000002760003184': action, '4000003800000446': action, '4000008260003178': action,
  '4000000000003220': action, '4000008400001629': action, '4000008400001280': declined('card_declined'),
  '4000000000003055': ok, '4000000000003097': ok,
  '4000582600000094': action, '4000582600000045': action, '4000582600000102': action, '4000582600000110': action,
  '4000000000001208': ok,
};

async function outcome(paymentMethod: string): Promise<Expect> {
  try {
    const pi = await t.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: paymentMethod, confirm: true, return_url: 'https://example.com/back' });
    return pi.status as Expect;
  } catch (err) {
    if (!(err instanceof Stripe.errors.StripeCardError)) throw err;
    return { code: err.code!, ...(err.decline_code ? { decline_code: err.decline_code } : {}) };
  }
}
/** The page gives no decline code for some declines ("n/a"): only the error code is compared there. */
const asDocumented = (got: Record<string, Expect>, documented: Record<string, Expect>) =>
  Object.fromEntries(
    Object.entries(got).map(([k, v]) => {
      const doc = documented[k];
      return [k, typeof v === 'object' && typeof doc === 'object' && !doc.decline_code ? { code: v.code } : v];
    }),
  );

describe('Stripe’s published test cards', () => {
  it('knows every published test PaymentMethod and card number', () => {
    expect(Object.keys(PUBLISHED).filter((pm) => !(pm in MAGIC_PAYMENT_METHODS))).toEqual([]);
    expect(Object.keys(NUMBERS).filter((n) => !(n in TEST_CARDS))).toEqual([]);
  });

  it('walks every test PaymentMethod: each succeeds, asks for 3-D Secure or declines as documented', async () => {
    const got: Record<string, Expect> = {};
    for (const pm of Object.keys(PUBLISHED)) got[pm] = await outcome(pm);
    expect(asDocumented(got, PUBLISHED)).toEqual(PUBLISHED);
  });

  it('walks every test card number through PaymentMethods.create', async () => {
    const got: Record<string, Expect> = {};
    for (const number of Object.keys(NUMBERS)) {
      const pm = await t.stripe.paymentMethods.create({ type: 'card', card: { number, exp_month: 12, exp_year: 2034, cvc: '123' } });
      expect(pm.card?.last4).toBe(number.slice(-4));
      got[number] = await outcome(pm.id);
    }
    expect(asDocumented(got, NUMBERS)).toEqual(NUMBERS);
  });

  it('describes the card: brand, funding, country, checks, risk', async () => {
    const pm = async (id: string) => (await t.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: id, confirm: true })).latest_charge as string;
    const charge = async (id: string) => t.stripe.charges.retrieve(await pm(id));
    expect((await charge('pm_card_br')).payment_method_details?.card).toMatchObject({ brand: 'visa', country: 'BR' });
    expect((await charge('pm_card_mastercard_prepaid')).payment_method_details?.card).toMatchObject({ brand: 'mastercard', funding: 'prepaid' });
    expect((await charge('pm_card_cvcCheckFail')).payment_method_details?.card?.checks).toMatchObject({ cvc_check: 'fail' });
    expect((await charge('pm_card_avsFail')).payment_method_details?.card?.checks).toMatchObject({ address_postal_code_check: 'fail', address_line1_check: 'fail' });
    expect((await charge('pm_card_riskLevelElevated')).outcome).toMatchObject({ risk_level: 'elevated', type: 'authorized' });
    const blocked = await t.stripe.paymentIntents
      .create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_radarBlock', confirm: true })
      .catch((e: Stripe.errors.StripeCardError) => e);
    const blockedCharge = await t.stripe.charges.retrieve((blocked as Stripe.errors.StripeCardError).charge!);
    expect(blockedCharge.outcome).toMatchObject({ type: 'blocked', risk_level: 'highest', network_status: 'not_sent_to_network' });
    // bypassPending: the funds are available at once.
    const bypass = await t.stripe.charges.retrieve(await pm('pm_card_bypassPending'), { expand: ['balance_transaction'] });
    expect((bypass.balance_transaction as Stripe.BalanceTransaction).status).toBe('available');
  });

  it('declined-payment cards cannot be attached; 0341 attaches and then fails', async () => {
    const customer = await t.stripe.customers.create({ email: 'attach@example.com' });
    await expect(t.stripe.paymentMethods.attach('pm_card_visa_chargeDeclinedLostCard', { customer: customer.id })).rejects.toMatchObject({
      type: 'StripeCardError',
      decline_code: 'lost_card',
    });
    const attached = await t.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    expect(attached.customer).toBe(customer.id);
    // 3178 is declined off-session (no authentication possible), even when set up.
    const pm3178 = await t.stripe.paymentMethods.attach('pm_card_authenticationRequiredChargeDeclinedInsufficientFunds', { customer: customer.id });
    await expect(
      t.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: customer.id, payment_method: pm3178.id, confirm: true, off_session: true }),
    ).rejects.toMatchObject({ decline_code: 'insufficient_funds' });
  });

  it('dispute cards: reason, inquiry without withdrawal, a second dispute, and the early fraud warning', async () => {
    const pay = async (pm: string) =>
      (await t.stripe.paymentIntents.create({ amount: 3000, currency: 'usd', payment_method: pm, confirm: true })).latest_charge as string;
    const disputesOf = (charge: string) => t.running.sandbox.store.all<{ id: string; object: string; charge: string }>('dispute').filter((d) => d.charge === charge);
    const notReceived = await pay('pm_card_createDisputeProductNotReceived');
    await waitFor(() => disputesOf(notReceived).length === 1);
    expect((await t.stripe.disputes.list({ charge: notReceived })).data[0]).toMatchObject({ reason: 'product_not_received', status: 'needs_response' });

    const inquiryCharge = await pay('pm_card_createDisputeInquiry');
    await waitFor(() => disputesOf(inquiryCharge).length === 1);
    const inquiry = (await t.stripe.disputes.list({ charge: inquiryCharge })).data[0]!;
    expect(inquiry).toMatchObject({ status: 'warning_needs_response', balance_transactions: [], is_charge_refundable: true });
    expect((await t.stripe.disputes.close(inquiry.id)).status).toBe('warning_closed');

    const compliance = await pay('pm_card_createComplianceDispute');
    await waitFor(() => disputesOf(compliance).length === 1);
    expect((await t.stripe.disputes.list({ charge: compliance })).data[0]).toMatchObject({ reason: 'noncompliant', enhanced_eligibility_types: ['visa_compliance'] });

    const multiple = await pay('pm_card_createMultipleDisputes');
    await waitFor(() => disputesOf(multiple).length === 1);
    await t.stripe.disputes.close(disputesOf(multiple)[0]!.id);
    expect(disputesOf(multiple)).toHaveLength(2);

    const warned = await pay('pm_card_createIssuerFraudRecord');
    const warnings = await t.stripe.radar.earlyFraudWarnings.list({ charge: warned });
    expect(warnings.data).toEqual([expect.objectContaining({ charge: warned, actionable: true })]);
  });
});

describe('amounts and currencies', () => {
  it('refuses amounts under the currency’s minimum charge and over the maximum', async () => {
    await expect(t.stripe.paymentIntents.create({ amount: 49, currency: 'usd' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'amount_too_small',
      param: 'amount',
      message: 'Amount must be at least $0.50 usd',
    });
    await expect(t.stripe.paymentIntents.create({ amount: 29, currency: 'gbp' })).rejects.toMatchObject({ code: 'amount_too_small' });
    expect((await t.stripe.paymentIntents.create({ amount: 30, currency: 'gbp' })).amount).toBe(30);
    await expect(t.stripe.paymentIntents.create({ amount: 49, currency: 'jpy' })).rejects.toMatchObject({ message: 'Amount must be at least ¥50 jpy' });
    await expect(t.stripe.paymentIntents.create({ amount: 100_000_000, currency: 'usd' })).rejects.toMatchObject({ code: 'amount_too_large' });
    const pi = await t.stripe.paymentIntents.create({ amount: 500, currency: 'usd' });
    await expect(t.stripe.paymentIntents.update(pi.id, { amount: 10 })).rejects.toMatchObject({ code: 'amount_too_small' });
  });

  it('refuses an unknown currency with a 400', async () => {
    await expect(t.stripe.paymentIntents.create({ amount: 500, currency: 'xyz' })).rejects.toMatchObject({ statusCode: 400, param: 'currency' });
    await expect(t.stripe.prices.create({ currency: 'xyz', unit_amount: 500, product_data: { name: 'X' } })).rejects.toMatchObject({ statusCode: 400 });
  });

  it('refuses a Checkout Session whose total is under the minimum', async () => {
    const price = await t.stripe.prices.create({ currency: 'usd', unit_amount: 25, product_data: { name: 'Sticker' } });
    await expect(
      t.stripe.checkout.sessions.create({ mode: 'payment', line_items: [{ price: price.id, quantity: 1 }], success_url: 'https://example.com/ok' }),
    ).rejects.toMatchObject({ code: 'amount_too_small' });
    const two = await t.stripe.checkout.sessions.create({ mode: 'payment', line_items: [{ price: price.id, quantity: 2 }], success_url: 'https://example.com/ok' });
    expect(two.amount_total).toBe(50);
  });
});
