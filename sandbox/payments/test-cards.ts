/**
 * Stripe's documented test cards and test bank accounts, with the outcome each produces.
 * https://docs.stripe.com/testing
 */
export interface Decline {
  code: string;
  declineCode: string;
  message: string;
}

export interface CardBehaviour {
  kind: 'card';
  brand: string;
  last4: string;
  funding: 'credit' | 'debit';
  country: string;
  /** What a charge does: `three_ds` asks for authentication first, then succeeds. */
  outcome: 'succeed' | 'decline' | 'three_ds';
  /** 3155: once set up, off-session charges (renewals) need no authentication. */
  offSessionSkipsAuthentication?: boolean;
  decline?: Decline;
  /** Charges succeed, then a dispute opens (0259). The disputes module acts on it. */
  dispute?: 'fraudulent';
  /** Attaching works; every charge fails (0341). */
  chargesFail?: boolean;
  /** Charges succeed; refunds fail after being pending (5126). */
  refundsFail?: boolean;
}

export interface BankBehaviour {
  kind: 'us_bank_account';
  last4: string;
  routingNumber: string;
  /** Bank debits stay `processing` until settled; this is how they settle. */
  settles: 'succeed' | 'fail';
  failure?: Decline;
}

export type PaymentBehaviour = CardBehaviour | BankBehaviour;

export const DECLINES = {
  generic: { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' },
  insufficientFunds: { code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  expired: { code: 'expired_card', declineCode: 'expired_card', message: 'Your card has expired.' },
  incorrectCvc: { code: 'incorrect_cvc', declineCode: 'incorrect_cvc', message: "Your card's security code is incorrect." },
  incorrectNumber: { code: 'incorrect_number', declineCode: 'incorrect_number', message: 'Your card number is incorrect.' },
  authenticationFailed: {
    code: 'payment_intent_authentication_failure',
    declineCode: '',
    message: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
  },
} satisfies Record<string, Decline>;

const visa = (last4: string, extra: Partial<CardBehaviour> = {}): CardBehaviour => ({
  kind: 'card',
  brand: 'visa',
  last4,
  funding: 'credit',
  country: 'US',
  outcome: 'succeed',
  ...extra,
});

export const TEST_CARDS: Record<string, CardBehaviour> = {
  '4242424242424242': visa('4242'),
  '4000056655665556': visa('5556', { funding: 'debit' }),
  '5555555555554444': { ...visa('4444'), brand: 'mastercard' },
  '378282246310005': { ...visa('0005'), brand: 'amex' },
  '4000000000000002': visa('0002', { outcome: 'decline', decline: DECLINES.generic }),
  '4000000000009995': visa('9995', { outcome: 'decline', decline: DECLINES.insufficientFunds }),
  '4000000000000069': visa('0069', { outcome: 'decline', decline: DECLINES.expired }),
  '4000000000000127': visa('0127', { outcome: 'decline', decline: DECLINES.incorrectCvc }),
  '4000002500003155': visa('3155', { outcome: 'three_ds', offSessionSkipsAuthentication: true }),
  '4000002760003184': visa('3184', { outcome: 'three_ds' }),
  '4000000000000259': visa('0259', { dispute: 'fraudulent' }),
  '4000000000000341': visa('0341', { chargesFail: true }),
  '4000000000005126': visa('5126', { refundsFail: true }),
};

/** `pm_card_*` shortcuts accepted wherever a PaymentMethod id is, as in Stripe test mode. */
export const MAGIC_PAYMENT_METHODS: Record<string, string> = {
  pm_card_visa: '4242424242424242',
  pm_card_visa_debit: '4000056655665556',
  pm_card_mastercard: '5555555555554444',
  pm_card_amex: '378282246310005',
  pm_card_chargeDeclined: '4000000000000002',
  pm_card_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_chargeDeclinedExpiredCard: '4000000000000069',
  pm_card_chargeDeclinedIncorrectCvc: '4000000000000127',
  pm_card_threeDSecure2Required: '4000002500003155',
  pm_card_authenticationRequiredOnSetup: '4000002500003155',
  pm_card_authenticationRequired: '4000002760003184',
  pm_card_createDispute: '4000000000000259',
  pm_card_chargeCustomerFail: '4000000000000341',
  pm_card_refundFail: '4000000000005126',
};

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
