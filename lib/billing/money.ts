import { z } from 'zod';
import {
  STRIPE_MAX_AMOUNT,
  chargeIncrement,
  currencySchema,
  minorUnitExponent,
} from './currencies';

export {
  STRIPE_MAX_AMOUNT,
  SUPPORTED_CURRENCIES,
  chargeIncrement,
  currencySchema,
  isSupportedCurrency,
  minorUnitExponent,
  type MinorUnitExponent,
} from './currencies';

/** An amount exactly as Stripe states it. */
export type Money = {
  /** Integer minor units in Stripe's exponent for the currency (see minorUnitExponent). */
  amount: number;
  /** Lowercase ISO 4217 code, as Stripe sends it. */
  currency: string;
};

export type ParseMoneyResult = { ok: true; money: Money } | { ok: false; error: string };

export const moneySchema = z.object({
  amount: z.int().nonnegative(),
  currency: currencySchema,
});

/** "49.00" for usd 4900, "4800" for jpy 4800, "1.500" for kwd 1500: no symbol, for inputs. */
export function toMajorUnitsString(money: Money): string {
  assertSafeAmount(money.amount);
  const exponent = minorUnitExponent(money.currency);
  const sign = money.amount < 0 ? '-' : '';
  const digits = String(Math.abs(money.amount));
  if (exponent === 0) return sign + digits;
  const padded = digits.padStart(exponent + 1, '0');
  return `${sign}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

/** "$49.00", "¥4,800", "KWD 1.500" (en-US; the space is a no-break space, as Intl emits it). */
export function formatMoney(money: Money, locale = 'en-US'): string {
  const exponent = minorUnitExponent(money.currency);
  // ISK and UGX amounts are whole units written with two decimals; ".00" would only confuse.
  const digits =
    chargeIncrement(money.currency) === 100 && money.amount % 100 === 0 ? 0 : exponent;
  // A decimal string keeps Intl exact: no division, no float. toMajorUnitsString only ever
  // returns a plain decimal literal, which is what the cast states.
  const major = toMajorUnitsString(money) as Intl.StringNumericLiteral;
  return formatter(locale, money.currency, digits).format(major);
}

/**
 * Reads an admin-typed amount ("49", "49.5", "1,234.56", " $49.00 ") in the given currency.
 * Only "," as a thousands separator and "." as the decimal point are accepted, so "49,50" is an
 * error rather than 4,950.
 */
export function parseMoney(input: string, currency: string): ParseMoneyResult {
  const code = currency.trim().toLowerCase();
  const parsedCurrency = currencySchema.safeParse(code);
  if (!parsedCurrency.success) return fail(`Unsupported currency "${currency}".`);
  const label = code.toUpperCase();
  const exponent = minorUnitExponent(code);

  let text = input.trim();
  let negative = false;
  if (/^[-\u2212]/.test(text)) [negative, text] = [true, text.slice(1).trim()];
  text = stripCurrencyMarker(text, code);
  if (/^[-\u2212]/.test(text)) negative = true;
  if (text === '') return fail('Enter an amount.');
  if (negative) return fail('The amount cannot be negative.');

  const match = /^(\d+|\d{1,3}(?:,\d{3})+)?(?:\.(\d+))?$/.exec(text);
  if (!match || (match[1] === undefined && match[2] === undefined)) {
    return fail(
      `"${input.trim()}" is not a number. Use digits with "." for decimals, like 1,234.56.`,
    );
  }
  const whole = (match[1] ?? '').replaceAll(',', '');
  const fraction = match[2] ?? '';
  // Trailing zeros beyond the exponent ("4800.00" yen) change nothing, so they are allowed.
  if (/[1-9]/.test(fraction.slice(exponent))) {
    return fail(
      exponent === 0
        ? `${label} has no decimal places. Enter a whole amount.`
        : `${label} amounts have at most ${exponent} decimal places.`,
    );
  }
  const minor = (whole + fraction.slice(0, exponent).padEnd(exponent, '0')).replace(/^0+/, '');
  // Compare lengths before Number(): a long string would lose precision as a float.
  if (minor.length > String(STRIPE_MAX_AMOUNT).length) {
    const max = toMajorUnitsString({ amount: STRIPE_MAX_AMOUNT, currency: code });
    return fail(`The amount is too large. Stripe accepts at most ${max} ${label}.`);
  }
  const amount = Number(minor || '0');

  const increment = chargeIncrement(code);
  if (amount % increment !== 0) {
    return fail(
      increment === 100
        ? `${label} amounts must be whole units: Stripe rejects fractions of a ${label}.`
        : `${label} amounts must end in 0 in the third decimal place: Stripe only charges multiples of 0.010 ${label}.`,
    );
  }
  return { ok: true, money: { amount, currency: code } };
}

export function addMoney(a: Money, b: Money): Money {
  return combine(a, b, a.amount + b.amount);
}

export function subtractMoney(a: Money, b: Money): Money {
  return combine(a, b, a.amount - b.amount);
}

function combine(a: Money, b: Money, amount: number): Money {
  const currency = a.currency.toLowerCase();
  if (currency !== b.currency.toLowerCase()) {
    throw new Error(
      `Cannot combine ${a.currency.toUpperCase()} and ${b.currency.toUpperCase()} amounts`,
    );
  }
  assertSafeAmount(a.amount);
  assertSafeAmount(b.amount);
  assertSafeAmount(amount);
  return { amount, currency };
}

function assertSafeAmount(amount: number): void {
  if (!Number.isSafeInteger(amount)) {
    throw new Error(`Money amount must be a safe integer of minor units, got ${amount}`);
  }
}

function fail(error: string): ParseMoneyResult {
  return { ok: false, error };
}

// Removes a leading or trailing "$", "US$", "USD" (any case) belonging to *this* currency.
function stripCurrencyMarker(text: string, currency: string): string {
  const markers = [
    currency.toUpperCase(),
    currencySymbol(currency, 'symbol'),
    currencySymbol(currency, 'narrowSymbol'),
  ].sort((x, y) => y.length - x.length);
  for (const marker of markers) {
    if (text.toUpperCase().startsWith(marker.toUpperCase())) {
      return text.slice(marker.length).trim();
    }
    if (text.toUpperCase().endsWith(marker.toUpperCase())) {
      return text.slice(0, -marker.length).trim();
    }
  }
  return text;
}

function currencySymbol(currency: string, display: 'symbol' | 'narrowSymbol'): string {
  const parts = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    currencyDisplay: display,
  }).formatToParts(0);
  return parts.find((part) => part.type === 'currency')?.value ?? currency.toUpperCase();
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, currency: string, digits: number): Intl.NumberFormat {
  const key = `${locale}|${currency}|${digits}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, cached);
  }
  return cached;
}
