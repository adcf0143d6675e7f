import { z } from 'zod';

// Stripe's currency rules (https://docs.stripe.com/currencies). `Money.amount` is exactly the
// integer Stripe puts in `amount`, so every exponent here is *Stripe's* exponent, which is not
// always ISO 4217's.

// Zero-decimal: Stripe's `amount` is in whole units (¥500 is 500).
const ZERO_DECIMAL = [
  'bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga',
  'pyg', 'rwf', 'vnd', 'vuv', 'xaf', 'xof', 'xpf',
] as const;

// Three-decimal: 5.124 KWD is 5124. But Stripe's payment partners need the last digit to be 0,
// so charges, refunds and disputes must be multiples of 10 (see chargeIncrement).
const THREE_DECIMAL = ['bhd', 'jod', 'kwd', 'omr', 'tnd'] as const;

// Special cases that stay two-decimal in the API:
// - isk, ugx: now whole-unit currencies (ISO exponent 0), but Stripe keeps them two-decimal for
//   backwards compatibility. The fraction must be 00 (5 ISK is 500). Since 2023 Stripe rejects
//   other amounts with `invalid_charge_amount_no_decimal_compatible`. UGX is listed with the
//   zero-decimal currencies on Stripe's page, but its special-case note wins. Sending 5 for
//   5 UGX would charge 0.05.
// - huf, twd: you can charge two-decimal amounts. Only *payouts* must be divisible by 100.
//   Bursar creates no manual payouts, so there is no extra rule for them here.
const WHOLE_UNITS_IN_TWO_DECIMALS = ['isk', 'ugx'] as const;

// The rest of Stripe's two-decimal presentment currencies that Bursar accepts. This is a
// deliberate allowlist: an unknown code must fail loudly, not fall back to an exponent of 2.
const TWO_DECIMAL = [
  'aed', 'afn', 'all', 'amd', 'aoa', 'ars', 'aud', 'awg', 'azn', 'bam', 'bbd', 'bdt', 'bgn',
  'bmd', 'bnd', 'bob', 'brl', 'bsd', 'bwp', 'bzd', 'cad', 'cdf', 'chf', 'cny', 'cop', 'crc',
  'cve', 'czk', 'dkk', 'dop', 'dzd', 'egp', 'etb', 'eur', 'fjd', 'fkp', 'gbp', 'gel', 'gip',
  'gmd', 'gtq', 'gyd', 'hkd', 'hnl', 'htg', 'huf', 'idr', 'ils', 'inr', 'isk', 'jmd', 'kes',
  'kgs', 'khr', 'kyd', 'kzt', 'lak', 'lbp', 'lkr', 'lrd', 'lsl', 'mad', 'mdl', 'mkd', 'mnt',
  'mop', 'mur', 'mvr', 'mwk', 'mxn', 'myr', 'mzn', 'nad', 'ngn', 'nio', 'nok', 'npr', 'nzd',
  'pab', 'pen', 'pgk', 'php', 'pkr', 'pln', 'qar', 'ron', 'rsd', 'sar', 'sbd', 'scr', 'sek',
  'sgd', 'shp', 'sos', 'srd', 'szl', 'thb', 'tjs', 'top', 'try', 'ttd', 'twd', 'tzs', 'uah',
  'ugx', 'usd', 'uyu', 'uzs', 'wst', 'xcd', 'yer', 'zar', 'zmw',
] as const;

export type MinorUnitExponent = 0 | 2 | 3;

const EXPONENTS: ReadonlyMap<string, MinorUnitExponent> = new Map<string, MinorUnitExponent>([
  ...TWO_DECIMAL.map((c) => [c, 2] as const),
  ...ZERO_DECIMAL.map((c) => [c, 0] as const),
  ...THREE_DECIMAL.map((c) => [c, 3] as const),
]);

export const SUPPORTED_CURRENCIES: readonly string[] = [...EXPONENTS.keys()].sort();

/** Stripe's largest `amount`: eight digits, in minor units, for every currency. */
export const STRIPE_MAX_AMOUNT = 99_999_999;

export function isSupportedCurrency(currency: string): boolean {
  return EXPONENTS.has(currency.toLowerCase());
}

/** Digits after the decimal point in Stripe's `amount` for this currency (usd 2, jpy 0, kwd 3). */
export function minorUnitExponent(currency: string): MinorUnitExponent {
  const exponent = EXPONENTS.get(currency.toLowerCase());
  if (exponent === undefined) throw new Error(`Unsupported currency "${currency}"`);
  return exponent;
}

/**
 * Stripe only charges (and refunds) multiples of this many minor units: 10 for three-decimal
 * currencies, 100 for ISK and UGX, 1 otherwise.
 */
export function chargeIncrement(currency: string): 1 | 10 | 100 {
  const code = currency.toLowerCase();
  if ((WHOLE_UNITS_IN_TWO_DECIMALS as readonly string[]).includes(code)) return 100;
  return minorUnitExponent(code) === 3 ? 10 : 1;
}

/** A supported currency code, normalised to Stripe's lowercase form (" USD " → "usd"). */
export const currencySchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{3}$/, 'Currency must be a three-letter ISO 4217 code')
  .refine(isSupportedCurrency, { message: 'Currency is not supported' });
