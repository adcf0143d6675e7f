import type { SepaBehaviour } from './sepa';

/**
 * Stripe's documented test cards and test bank accounts, with the outcome each produces.
 * https://docs.stripe.com/testing
 */
export interface Decline {
  code: string;
  declineCode: string;
  message: string;
  /** Blocked by Radar before reaching the card network. */
  blocked?: boolean;
}

export type DisputeKind = 'fraudulent' | 'product_not_received' | 'inquiry' | 'noncompliant' | 'ce3_eligible' | 'multiple';

export interface CardBehaviour {
  kind: 'card';
  brand: string;
  last4: string;
  funding: 'credit' | 'debit' | 'prepaid';
  country: string;
  /** What a charge does: `three_ds` asks for authentication first, then succeeds (or declines with `decline`). */
  outcome: 'succeed' | 'decline' | 'three_ds';
  /** 3155 / 0446: set up for off-session use, so off-session charges (renewals) need no authentication. */
  offSessionSkipsAuthentication?: boolean;
  /** For `decline`: the decline; for `three_ds`: the decline that follows authentication (3178, 1629). */
  decline?: Decline;
  /** Stripe's declined-payments table: these cards cannot be attached to a customer. */
  attachFails?: boolean;
  /** Charges succeed, then a dispute of this kind opens. */
  dispute?: DisputeKind;
  /** Charges succeed and the issuer reports an early fraud warning (5423). */
  earlyFraudWarning?: boolean;
  /** Attaching works; every charge fails (0341). */
  chargesFail?: boolean;
  /** 7726: refunds start `pending`, then succeed; 5126: refunds start `succeeded`, then fail. */
  refunds?: 'pending_then_succeed' | 'succeed_then_fail';
  /** 0077 / 0278: funds go straight to the available balance. */
  bypassPending?: boolean;
  /** Radar's verdict: `highest` risk is blocked by the account's default rules; `elevated` is allowed. */
  risk?: 'elevated' | 'highest';
  /** Card checks that fail or are unavailable (recorded on the card; Radar's default rules do not block them here). */
  checks?: { cvc?: 'fail'; postalCode?: 'fail' | 'unavailable'; line1?: 'fail' | 'unavailable' };
}

export interface BankBehaviour {
  kind: 'us_bank_account';
  last4: string;
  routingNumber: string;
  /** Bank debits stay `processing` until settled; this is how they settle. */
  settles: 'succeed' | 'fail';
  failure?: Decline;
}

export type PaymentBehaviour = CardBehaviour | BankBehaviour | SepaBehaviour;

export const DECLINES = {
  generic: { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' },
  insufficientFunds: { code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  lostCard: { code: 'card_declined', declineCode: 'lost_card', message: 'Your card was declined.' },
  stolenCard: { code: 'card_declined', declineCode: 'stolen_card', message: 'Your card was declined.' },
  expired: { code: 'expired_card', declineCode: 'expired_card', message: 'Your card has expired.' },
  incorrectCvc: { code: 'incorrect_cvc', declineCode: 'incorrect_cvc', message: "Your card's security code is incorrect." },
  processingError: {
    code: 'processing_error',
    declineCode: 'processing_error',
    message: 'An error occurred while processing your card. Try again in a little bit.',
  },
  velocity: {
    code: 'card_declined',
    declineCode: 'card_velocity_exceeded',
    message: 'Your card was declined for making repeated attempts too frequently or exceeding its amount limit.',
  },
  incorrectNumber: { code: 'incorrect_number', declineCode: 'incorrect_number', message: 'Your card number is incorrect.' },
  /** Radar blocked the payment (highest risk): not sent to the network. */
  fraudulent: { code: 'card_declined', declineCode: 'fraudulent', message: 'Your card was declined.', blocked: true },
  authenticationFailed: {
    code: 'payment_intent_authentication_failure',
    declineCode: '',
    message: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
  },
} satisfies Record<string, Decline>;

const card = (brand: string, number: string, extra: Partial<CardBehaviour> = {}): CardBehaviour => ({
  kind: 'card',
  brand,
  last4: number.slice(-4),
  funding: 'credit',
  country: 'US',
  outcome: 'succeed',
  ...extra,
});

/** Every card number on https://docs.stripe.com/testing that the API can use, with its outcome. */
const NUMBERS: Array<[string, string, Partial<CardBehaviour>?]> = [
  // Cards by brand.
  ['visa', '4242424242424242'],
  ['visa', '4000056655665556', { funding: 'debit' }],
  ['mastercard', '5555555555554444'],
  ['mastercard', '2223003122003222'],
  ['mastercard', '5200828282828210', { funding: 'debit' }],
  ['mastercard', '5105105105105100', { funding: 'prepaid' }],
  ['amex', '378282246310005'],
  ['amex', '371449635398431'],
  ['discover', '6011111111111117'],
  ['discover', '6011000990139424'],
  ['discover', '6011981111111113', { funding: 'debit' }],
  ['diners', '3056930009020004'],
  ['diners', '36227206271667'],
  ['discover', '6555900000604105', { country: 'KR' }], // BCcard and DinaCard
  ['jcb', '3566002020360505', { country: 'JP' }],
  ['unionpay', '6200000000000005', { country: 'CN' }],
  ['unionpay', '6200000000000047', { country: 'CN', funding: 'debit' }],
  ['unionpay', '6205500000000000004', { country: 'CN' }],
  // Co-branded.
  ['visa', '4000002500001001', { country: 'FR' }],
  ['mastercard', '5555552500001001', { country: 'FR' }],
  ['visa', '4000050360000001', { country: 'AU', funding: 'debit' }],
  ['mastercard', '5555050360000080', { country: 'AU', funding: 'debit' }],
  // HSA / FSA.
  ['visa', '4000051230000072', { funding: 'debit' }],
  ['mastercard', '5200828282828897', { funding: 'debit' }],
  // Declined payments (these cannot be attached to a customer).
  ['visa', '4000000000000002', { outcome: 'decline', decline: DECLINES.generic, attachFails: true }],
  ['visa', '4000000000009995', { outcome: 'decline', decline: DECLINES.insufficientFunds, attachFails: true }],
  ['visa', '4000000000009987', { outcome: 'decline', decline: DECLINES.lostCard, attachFails: true }],
  ['visa', '4000000000009979', { outcome: 'decline', decline: DECLINES.stolenCard, attachFails: true }],
  ['visa', '4000000000000069', { outcome: 'decline', decline: DECLINES.expired, attachFails: true }],
  ['visa', '4000000000000127', { outcome: 'decline', decline: DECLINES.incorrectCvc, attachFails: true }],
  ['visa', '4000000000000119', { outcome: 'decline', decline: DECLINES.processingError, attachFails: true }],
  ['visa', '4000000000006975', { outcome: 'decline', decline: DECLINES.velocity, attachFails: true }],
  ['visa', '4000000000000341', { chargesFail: true }],
  // Fraud prevention.
  ['visa', '4100000000000019', { risk: 'highest' }],
  ['visa', '4000000000004954', { risk: 'highest' }],
  ['visa', '4000000000009235', { risk: 'elevated' }],
  ['visa', '4000000000000101', { checks: { cvc: 'fail' } }],
  ['visa', '4000000000000036', { checks: { postalCode: 'fail' } }],
  ['visa', '4000058400307872', { checks: { cvc: 'fail' }, risk: 'elevated' }],
  ['visa', '4000058400306072', { checks: { postalCode: 'fail' }, risk: 'elevated' }],
  ['visa', '4000000000000028', { checks: { line1: 'fail' } }],
  ['visa', '4000000000000010', { checks: { postalCode: 'fail', line1: 'fail' } }],
  ['visa', '4000000000000044', { checks: { postalCode: 'unavailable', line1: 'unavailable' } }],
  // Disputes.
  ['visa', '4000000000000259', { dispute: 'fraudulent' }],
  ['visa', '4000000000002685', { dispute: 'product_not_received' }],
  ['visa', '4000000000001976', { dispute: 'inquiry' }],
  ['visa', '4000000000005423', { earlyFraudWarning: true }],
  ['visa', '4000000404000079', { dispute: 'multiple' }],
  ['visa', '4000000404000038', { dispute: 'ce3_eligible' }],
  ['visa', '4000008400000779', { dispute: 'noncompliant' }],
  // Refunds.
  ['visa', '4000000000007726', { refunds: 'pending_then_succeed' }],
  ['visa', '4000000000005126', { refunds: 'succeed_then_fail' }],
  // Available balance.
  ['visa', '4000000000000077', { bypassPending: true }],
  ['visa', '4000003720000278', { bypassPending: true, country: 'GB' }],
  // 3D Secure: authentication and setup.
  ['visa', '4000002500003155', { outcome: 'three_ds', offSessionSkipsAuthentication: true }],
  ['visa', '4000002760003184', { outcome: 'three_ds' }],
  ['visa', '4000003800000446', { outcome: 'three_ds', offSessionSkipsAuthentication: true }],
  ['visa', '4000008260003178', { outcome: 'three_ds', offSessionSkipsAuthentication: true, decline: DECLINES.insufficientFunds }],
  // 3D Secure: support and availability.
  ['visa', '4000000000003220', { outcome: 'three_ds' }],
  ['visa', '4000008400001629', { outcome: 'three_ds', decline: DECLINES.generic }],
  ['visa', '4000008400001280', { outcome: 'decline', decline: DECLINES.generic }],
  ['visa', '4000000000003055'],
  ['visa', '4000000000003097'],
  // 3D Secure mobile challenge flows (in the browser they behave as "always authenticate").
  ['visa', '4000582600000094', { outcome: 'three_ds' }],
  ['visa', '4000582600000045', { outcome: 'three_ds' }],
  ['visa', '4000582600000102', { outcome: 'three_ds' }],
  ['visa', '4000582600000110', { outcome: 'three_ds' }],
  // Captcha challenge (the sandbox's page asks no captcha: the charge succeeds).
  ['visa', '4000000000001208'],
];

export const TEST_CARDS: Record<string, CardBehaviour> = Object.fromEntries(
  NUMBERS.map(([brand, number, extra]) => [number, card(brand, number, extra)]),
);

/** A test PaymentMethod: the card behind it, and what differs from that card (country-specific cards). */
export interface MagicPaymentMethod {
  number: string;
  country?: string;
  brand?: string;
  funding?: CardBehaviour['funding'];
}

const COUNTRY_CARDS = [
  'us', 'ar', 'br', 'ca', 'cl', 'co', 'cr', 'ec', 'mx', 'pa', 'py', 'pe', 'uy',
  'at', 'be', 'bg', 'by', 'cy', 'cz', 'dk', 'fi', 'fr', 'de', 'gr', 'hu', 'ie', 'it', 'lv', 'lt', 'lu', 'mt', 'nl', 'no',
  'pl', 'pt', 'ro', 'si', 'sk', 'es', 'se', 'ch', 'gb',
  'au', 'cn', 'hk', 'in', 'jp', 'my', 'nz', 'sg', 'tw',
];

/**
 * Stripe's published test PaymentMethods (`pm_card_*`), accepted wherever a PaymentMethod id
 * is, as in Stripe test mode; each use makes a fresh PaymentMethod.
 */
export const MAGIC_PAYMENT_METHODS: Record<string, MagicPaymentMethod> = {
  // Cards by brand and co-branded.
  pm_card_visa: { number: '4242424242424242' },
  pm_card_visa_debit: { number: '4000056655665556' },
  pm_card_mastercard: { number: '5555555555554444' },
  pm_card_mastercard_debit: { number: '5200828282828210' },
  pm_card_mastercard_prepaid: { number: '5105105105105100' },
  pm_card_amex: { number: '378282246310005' },
  pm_card_discover: { number: '6011111111111117' },
  pm_card_diners: { number: '3056930009020004' },
  pm_card_jcb: { number: '3566002020360505' },
  pm_card_unionpay: { number: '6200000000000005' },
  pm_card_visa_cartesBancaires: { number: '4000002500001001' },
  pm_card_mastercard_cartesBancaires: { number: '5555552500001001' },
  pm_card_visa_debit_eftposAuCoBranded: { number: '4000050360000001' },
  pm_card_mastercard_debit_eftposAuCoBranded: { number: '5555050360000080' },
  // Cards by country.
  ...Object.fromEntries(COUNTRY_CARDS.map((cc) => [`pm_card_${cc}`, { number: '4242424242424242', country: cc.toUpperCase() }])),
  pm_card_gb_debit: { number: '4000056655665556', country: 'GB' },
  pm_card_gb_mastercard: { number: '5555555555554444', country: 'GB' },
  pm_card_th_credit: { number: '4242424242424242', country: 'TH' },
  pm_card_th_debit: { number: '4000056655665556', country: 'TH' },
  // HSA / FSA.
  pm_card_debit_visaFsaProductCode: { number: '4000051230000072' },
  pm_card_debit_visaHsaProductCode: { number: '4000051230000072' },
  pm_card_mastercard_debit_mastercardFsaProductCode: { number: '5200828282828897' },
  // Declined payments.
  pm_card_visa_chargeDeclined: { number: '4000000000000002' },
  pm_card_visa_chargeDeclinedInsufficientFunds: { number: '4000000000009995' },
  pm_card_visa_chargeDeclinedLostCard: { number: '4000000000009987' },
  pm_card_visa_chargeDeclinedStolenCard: { number: '4000000000009979' },
  pm_card_chargeDeclinedExpiredCard: { number: '4000000000000069' },
  pm_card_chargeDeclinedIncorrectCvc: { number: '4000000000000127' },
  pm_card_chargeDeclinedProcessingError: { number: '4000000000000119' },
  pm_card_visa_chargeDeclinedVelocityLimitExceeded: { number: '4000000000006975' },
  pm_card_chargeCustomerFail: { number: '4000000000000341' },
  // Fraud prevention.
  pm_card_radarBlock: { number: '4100000000000019' },
  pm_card_riskLevelHighest: { number: '4000000000004954' },
  pm_card_riskLevelElevated: { number: '4000000000009235' },
  pm_card_cvcCheckFail: { number: '4000000000000101' },
  pm_card_avsZipFail: { number: '4000000000000036' },
  pm_card_cvcCheckFailElevatedRisk: { number: '4000058400307872' },
  pm_card_avsZipFailElevatedRisk: { number: '4000058400306072' },
  pm_card_avsLine1Fail: { number: '4000000000000028' },
  pm_card_avsFail: { number: '4000000000000010' },
  pm_card_avsUnchecked: { number: '4000000000000044' },
  // Disputes.
  pm_card_createDispute: { number: '4000000000000259' },
  pm_card_createDisputeProductNotReceived: { number: '4000000000002685' },
  pm_card_createDisputeInquiry: { number: '4000000000001976' },
  pm_card_createIssuerFraudRecord: { number: '4000000000005423' },
  pm_card_createMultipleDisputes: { number: '4000000404000079' },
  pm_card_createCe3EligibleDispute: { number: '4000000404000038' },
  pm_card_createComplianceDispute: { number: '4000008400000779' },
  // Refunds.
  pm_card_pendingRefund: { number: '4000000000007726' },
  pm_card_refundFail: { number: '4000000000005126' },
  // Available balance.
  pm_card_bypassPending: { number: '4000000000000077' },
  pm_card_bypassPendingInternational: { number: '4000003720000278' },
  // 3D Secure.
  pm_card_authenticationRequiredOnSetup: { number: '4000002500003155' },
  pm_card_authenticationRequired: { number: '4000002760003184' },
  pm_card_authenticationRequiredSetupForOffSession: { number: '4000003800000446' },
  pm_card_authenticationRequiredChargeDeclinedInsufficientFunds: { number: '4000008260003178' },
  pm_card_threeDSecure2Required: { number: '4000000000003220' },
  pm_card_threeDSecureRequiredChargeDeclined: { number: '4000008400001629' },
  pm_card_threeDSecureRequiredProcessingError: { number: '4000008400001280' },
  pm_card_threeDSecureOptional: { number: '4000000000003055' },
  pm_card_threeDSecureOptionalProcessingError: { number: '4000000000003097' },
  pm_card_amex_threeDSecureNotSupported: { number: '378282246310005' },
  // Older names Stripe still accepts.
  pm_card_chargeDeclined: { number: '4000000000000002' },
  pm_card_chargeDeclinedInsufficientFunds: { number: '4000000000009995' },
  pm_card_chargeDeclinedLostCard: { number: '4000000000009987' },
  pm_card_chargeDeclinedStolenCard: { number: '4000000000009979' },
};

/** `card[token]`: `tok_<name>` for every `pm_card_<name>`, plus the token-only names. */
export function magicToken(token: string): MagicPaymentMethod | undefined {
  const extra: Record<string, string> = {
    tok_visa_debit_chargeDeclinedInsufficientFunds: '4000000000009995',
    tok_chargeCustomerFail: '4000000000000341',
    tok_visa_chargeCustomerFail: '4000000000000341',
    tok_visa_chargeDeclinedExpiredCard: '4000000000000069',
    tok_visa_chargeDeclinedIncorrectCvc: '4000000000000127',
    tok_visa_chargeDeclinedProcessingError: '4000000000000119',
  };
  const number = extra[token];
  if (number) return { number };
  return MAGIC_PAYMENT_METHODS[token.replace(/^tok_/, 'pm_card_')];
}

export const TEST_ROUTING_NUMBER = '110000000';

export const TEST_BANK_ACCOUNTS: Record<string, BankBehaviour> = {
  '000123456789': { kind: 'us_bank_account', last4: '6789', routingNumber: TEST_ROUTING_NUMBER, settles: 'succeed' },
  '000111111113': {
    kind: 'us_bank_account',
    last4: '1113',
    routingNumber: TEST_ROUTING_NUMBER,
    settles: 'fail',
    failure: { code: 'account_closed', declineCode: 'account_closed', message: "The customer's bank account has been closed." },
  },
  '000222222227': {
    kind: 'us_bank_account',
    last4: '2227',
    routingNumber: TEST_ROUTING_NUMBER,
    settles: 'fail',
    failure: { code: 'insufficient_funds', declineCode: 'insufficient_funds', message: "The customer's account has insufficient funds to cover this payment." },
  },
};

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function brandOf(digits: string): string {
  if (digits.startsWith('4')) return 'visa';
  if (/^5[1-5]/.test(digits) || /^2[2-7]/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^6(011|5)/.test(digits)) return 'discover';
  return 'unknown';
}

/** The behaviour of a card number, or a decline for a number that cannot be a card. */
export function lookupCard(number: string): CardBehaviour | Decline {
  const digits = number.replace(/[\s-]/g, '');
  const known = TEST_CARDS[digits];
  if (known) return known;
  if (!/^\d{13,19}$/.test(digits) || !luhnValid(digits)) return DECLINES.incorrectNumber;
  // Any other valid number behaves like 4242: Stripe test mode accepts it.
  return { kind: 'card', brand: brandOf(digits), last4: digits.slice(-4), funding: 'credit', country: 'US', outcome: 'succeed' };
}
