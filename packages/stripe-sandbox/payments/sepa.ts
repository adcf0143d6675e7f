import type { Decline } from './test-cards';

/**
 * SEPA Direct Debit test IBANs, as Stripe documents them
 * (https://docs.stripe.com/payments/sepa-debit/accept-a-payment, "Test IBANs"): per country,
 * eight accounts with the same eight outcomes. A SEPA debit is a delayed method like ACH
 * Direct Debit: confirming leaves the PaymentIntent `processing` until it settles (control
 * API `POST /_sandbox/payment_intents/:id/settle`, whose default outcome is the IBAN's).
 */
export interface SepaBehaviour {
  kind: 'sepa_debit';
  last4: string;
  country: string;
  bankCode: string;
  settles: 'succeed' | 'fail';
  failure?: Decline;
  /** Succeeds, and a dispute is created at once. */
  disputed?: boolean;
  /** Stripe waits at least three minutes before settling; here settling is the caller's move either way. */
  delayed?: boolean;
}

type Outcome = Pick<SepaBehaviour, 'settles' | 'failure' | 'disputed' | 'delayed'> & { token: string };

const declined = (code: string, message: string): Decline => ({ code, declineCode: code, message });

/** The eight documented outcomes, in the order of Stripe's table. */
const OUTCOMES: Outcome[] = [
  { token: 'success', settles: 'succeed' },
  { token: 'successDelayed', settles: 'succeed', delayed: true },
  { token: 'failed', settles: 'fail', failure: declined('payment_method_provider_decline', 'The payment was declined by the bank.') },
  { token: 'failedDelayed', settles: 'fail', delayed: true, failure: declined('payment_method_provider_decline', 'The payment was declined by the bank.') },
  { token: 'disputed', settles: 'succeed', disputed: true },
  {
    token: 'exceedsWeeklyVolumeLimit',
    settles: 'fail',
    failure: declined('charge_exceeds_source_limit', 'This payment would take the account over its weekly SEPA Direct Debit volume limit.'),
  },
  {
    token: 'exceedsWeeklyTransactionLimit',
    settles: 'fail',
    failure: declined('charge_exceeds_weekly_limit', "This payment exceeds the account's SEPA Direct Debit transaction limit."),
  },
  { token: 'insufficientFunds', settles: 'fail', failure: declined('insufficient_funds', "The customer's account has insufficient funds to cover this payment.") },
];

const IBANS: Record<string, string[]> = {
  AT: ['AT611904300234573201', 'AT321904300235473204', 'AT861904300235473202', 'AT051904300235473205', 'AT591904300235473203', 'AT981904300000343434', 'AT601904300000121212', 'AT981904300002222227'],
  BE: ['BE62510007547061', 'BE78510007547064', 'BE68539007547034', 'BE51510007547065', 'BE08510007547063', 'BE90510000343434', 'BE52510000121212', 'BE90510002222227'],
  HR: ['HR7624020064583467589', 'HR6323600002337876649', 'HR2725000096983499248', 'HR6723600004878117427', 'HR8724840081455523553', 'HR7424020060000343434', 'HR3624020060000121212', 'HR7424020060002222227'],
  EE: ['EE382200221020145685', 'EE222200221020145682', 'EE762200221020145680', 'EE922200221020145683', 'EE492200221020145681', 'EE672200000000343434', 'EE292200000000121212', 'EE672200000002222227'],
  FI: ['FI2112345600000785', 'FI3712345600000788', 'FI9112345600000786', 'FI1012345600000789', 'FI6412345600000787', 'FI6712345600343434', 'FI2912345600121212', 'FI6712345602222227'],
  FR: ['FR1420041010050500013M02606', 'FR3020041010050500013M02609', 'FR8420041010050500013M02607', 'FR7920041010050500013M02600', 'FR5720041010050500013M02608', 'FR9720041010050000000343434', 'FR5920041010050000000121212', 'FR9720041010050000002222227'],
  DE: ['DE89370400440532013000', 'DE08370400440532013003', 'DE62370400440532013001', 'DE78370400440532013004', 'DE35370400440532013002', 'DE65370400440000343434', 'DE27370400440000121212', 'DE65370400440002222227'],
};

export const TEST_IBANS: Record<string, SepaBehaviour> = {};
/** `pm_success_at`, `pm_disputed_de`, …: Stripe's test PaymentMethod for each IBAN. */
export const SEPA_TEST_PAYMENT_METHODS: Record<string, string> = {};
for (const [country, ibans] of Object.entries(IBANS)) {
  ibans.forEach((iban, i) => {
    const o = OUTCOMES[i];
    if (!o) return;
    const { token, ...outcome } = o;
    TEST_IBANS[iban] = { kind: 'sepa_debit', last4: iban.slice(-4), country, bankCode: iban.slice(4, 9), ...outcome };
    SEPA_TEST_PAYMENT_METHODS[`pm_${token}_${country.toLowerCase()}`] = iban;
  });
}

export const normalizeIban = (iban: string) => iban.replace(/\s+/g, '').toUpperCase();
