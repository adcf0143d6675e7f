import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  STRIPE_MAX_AMOUNT,
  SUPPORTED_CURRENCIES,
  addMoney,
  chargeIncrement,
  currencySchema,
  formatMoney,
  isSupportedCurrency,
  minorUnitExponent,
  moneySchema,
  parseMoney,
  subtractMoney,
  toMajorUnitsString,
  type Money,
} from './money';

const NBSP = '\u00a0';

function parsedAmount(input: string, currency: string): number {
  const result = parseMoney(input, currency);
  if (!result.ok) throw new Error(`expected ${input} to parse, got: ${result.error}`);
  return result.money.amount;
}

function parseError(input: string, currency: string): string {
  const result = parseMoney(input, currency);
  if (result.ok) throw new Error(`expected ${input} to fail, got ${result.money.amount}`);
  return result.error;
}

// Any supported currency with an amount Stripe would accept for it.
const chargeableMoney = fc
  .constantFrom(...SUPPORTED_CURRENCIES)
  .chain((currency) => {
    const step = chargeIncrement(currency);
    return fc
      .integer({ min: 0, max: Math.floor(STRIPE_MAX_AMOUNT / step) })
      .map((n): Money => ({ amount: n * step, currency }));
  });

describe('currencies', () => {
  it('uses Stripe exponents, including its special cases', () => {
    expect(minorUnitExponent('usd')).toBe(2);
    expect(minorUnitExponent('EUR')).toBe(2);
    for (const c of ['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']) {
      expect(minorUnitExponent(c), c).toBe(0);
    }
    for (const c of ['bhd', 'jod', 'kwd', 'omr', 'tnd']) expect(minorUnitExponent(c), c).toBe(3);
    // Whole-unit currencies that Stripe still takes as two-decimal for backwards compatibility.
    for (const c of ['isk', 'ugx', 'huf', 'twd']) expect(minorUnitExponent(c), c).toBe(2);
  });

  it('knows which amounts Stripe will charge', () => {
    expect(chargeIncrement('usd')).toBe(1);
    expect(chargeIncrement('jpy')).toBe(1);
    expect(chargeIncrement('kwd')).toBe(10);
    expect(chargeIncrement('isk')).toBe(100);
    expect(chargeIncrement('ugx')).toBe(100);
    expect(chargeIncrement('huf')).toBe(1);
  });

  it('refuses unknown currencies instead of guessing an exponent', () => {
    expect(isSupportedCurrency('usd')).toBe(true);
    expect(isSupportedCurrency('USD')).toBe(true);
    expect(isSupportedCurrency('xyz')).toBe(false);
    expect(isSupportedCurrency('iqd')).toBe(false);
    expect(() => minorUnitExponent('xyz')).toThrow(/Unsupported currency/);
  });

  it('lists only current ISO 4217 codes, each once', () => {
    const iso = new Set(Intl.supportedValuesOf('currency').map((c) => c.toLowerCase()));
    expect(SUPPORTED_CURRENCIES.filter((c) => !iso.has(c))).toEqual([]);
    expect(new Set(SUPPORTED_CURRENCIES).size).toBe(SUPPORTED_CURRENCIES.length);
  });

  it('normalises currency codes in the schema', () => {
    expect(currencySchema.parse(' USD ')).toBe('usd');
    expect(currencySchema.safeParse('usdx').success).toBe(false);
    expect(currencySchema.safeParse('u$d').success).toBe(false);
    expect(currencySchema.safeParse('xyz').success).toBe(false);
  });
});

describe('moneySchema', () => {
  it('accepts integer minor units in a supported currency', () => {
    expect(moneySchema.parse({ amount: 4900, currency: 'USD' })).toEqual({ amount: 4900, currency: 'usd' });
  });

  it('rejects fractional, negative, unsafe or stringly amounts', () => {
    for (const amount of [49.5, -1, Number.MAX_SAFE_INTEGER + 1, '4900', Number.NaN]) {
      expect(moneySchema.safeParse({ amount, currency: 'usd' }).success, String(amount)).toBe(false);
    }
  });
});

describe('formatMoney', () => {
  it('formats with the currency exponent', () => {
    expect(formatMoney({ amount: 4900, currency: 'usd' })).toBe('$49.00');
    expect(formatMoney({ amount: 4900, currency: 'eur' })).toBe('€49.00');
    expect(formatMoney({ amount: 4800, currency: 'jpy' })).toBe('¥4,800');
    expect(formatMoney({ amount: 1500, currency: 'kwd' })).toBe(`KWD${NBSP}1.500`);
    expect(formatMoney({ amount: 5, currency: 'usd' })).toBe('$0.05');
    expect(formatMoney({ amount: 99_999_999, currency: 'usd' })).toBe('$999,999.99');
  });

  it('shows ISK and UGX as whole units unless a legacy amount has a fraction', () => {
    expect(formatMoney({ amount: 500, currency: 'isk' })).toBe(`ISK${NBSP}5`);
    expect(formatMoney({ amount: 250_000, currency: 'ugx' })).toBe(`UGX${NBSP}2,500`);
    expect(formatMoney({ amount: 510, currency: 'isk' })).toBe(`ISK${NBSP}5.10`);
  });

  it('follows the locale', () => {
    expect(formatMoney({ amount: 123456, currency: 'eur' }, 'de-DE')).toBe(`1.234,56${NBSP}€`);
  });

  it('never shows more fraction digits than the exponent', () => {
    fc.assert(
      fc.property(chargeableMoney, fc.constantFrom('en-US', 'de-DE'), (money, locale) => {
        const decimalPoint = locale === 'en-US' ? '.' : ',';
        const fraction = formatMoney(money, locale).split(decimalPoint)[1] ?? '';
        expect(fraction.replace(/\D.*$/u, '').length).toBeLessThanOrEqual(minorUnitExponent(money.currency));
      }),
    );
  });
});

describe('toMajorUnitsString', () => {
  it('writes the fixed exponent without a symbol', () => {
    expect(toMajorUnitsString({ amount: 4900, currency: 'usd' })).toBe('49.00');
    expect(toMajorUnitsString({ amount: 5, currency: 'usd' })).toBe('0.05');
    expect(toMajorUnitsString({ amount: 0, currency: 'usd' })).toBe('0.00');
    expect(toMajorUnitsString({ amount: 4800, currency: 'jpy' })).toBe('4800');
    expect(toMajorUnitsString({ amount: 1500, currency: 'kwd' })).toBe('1.500');
    expect(toMajorUnitsString({ amount: 7, currency: 'kwd' })).toBe('0.007');
    expect(toMajorUnitsString({ amount: -150, currency: 'usd' })).toBe('-1.50');
  });

  it('refuses non-integer amounts', () => {
    expect(() => toMajorUnitsString({ amount: 49.5, currency: 'usd' })).toThrow(/safe integer/);
  });
});

describe('parseMoney', () => {
  it('reads admin input into minor units', () => {
    expect(parsedAmount('49', 'usd')).toBe(4900);
    expect(parsedAmount('49.5', 'usd')).toBe(4950);
    expect(parsedAmount('1,234.56', 'usd')).toBe(123456);
    expect(parsedAmount(' $49.00 ', 'usd')).toBe(4900);
    expect(parsedAmount('.5', 'usd')).toBe(50);
    expect(parsedAmount('0', 'usd')).toBe(0);
    expect(parsedAmount('0.07', 'usd')).toBe(7);
    expect(parsedAmount('49 USD', 'usd')).toBe(4900);
    expect(parsedAmount('€49', 'EUR')).toBe(4900);
    expect(parsedAmount('4,800', 'jpy')).toBe(4800);
    expect(parsedAmount('¥4800', 'jpy')).toBe(4800);
    expect(parsedAmount('4800.00', 'jpy')).toBe(4800);
    expect(parsedAmount('1.5', 'kwd')).toBe(1500);
    expect(parsedAmount('KWD 1.230', 'kwd')).toBe(1230);
    expect(parsedAmount('5', 'isk')).toBe(500);
    expect(parsedAmount('999,999.99', 'usd')).toBe(STRIPE_MAX_AMOUNT);
  });

  it('returns the normalised currency', () => {
    const result = parseMoney('49', 'USD');
    expect(result).toEqual({ ok: true, money: { amount: 4900, currency: 'usd' } });
  });

  it('rejects too many decimals for the currency', () => {
    expect(parseError('49.999', 'usd')).toBe('USD amounts have at most 2 decimal places.');
    expect(parseError('4800.5', 'jpy')).toBe('JPY has no decimal places. Enter a whole amount.');
    expect(parseError('1.2345', 'kwd')).toBe('KWD amounts have at most 3 decimal places.');
  });

  it('rejects amounts Stripe would refuse to charge', () => {
    expect(parseError('1.234', 'kwd')).toMatch(/KWD amounts must end in 0 in the third decimal place/);
    expect(parseError('5.50', 'isk')).toMatch(/ISK amounts must be whole units/);
    expect(parseError('5.50', 'ugx')).toMatch(/UGX amounts must be whole units/);
  });

  it('rejects negatives', () => {
    for (const input of ['-49', '-$49.00', '$-49', '\u221249']) {
      expect(parseError(input, 'usd'), input).toBe('The amount cannot be negative.');
    }
  });

  it('rejects what is not a number, including ambiguous separators', () => {
    for (const input of ['abc', '49,50', '1,23,456', '1.234,56', '49.', '4 9', '1e3', '0x10', '$', 'Infinity', '٤٩']) {
      expect(parseError(input, 'usd'), input).toMatch(/is not a number|Enter an amount/);
    }
    expect(parseError('', 'usd')).toBe('Enter an amount.');
    expect(parseError('   ', 'usd')).toBe('Enter an amount.');
    expect(parseError('€49', 'usd')).toMatch(/is not a number/);
  });

  it('rejects amounts above Stripe’s maximum', () => {
    expect(parseError('1,000,000', 'usd')).toBe('The amount is too large. Stripe accepts at most 999999.99 USD.');
    expect(parseError('100000000', 'jpy')).toMatch(/too large.*99999999 JPY/);
    expect(parseError('99999999999999999999999', 'usd')).toMatch(/too large/);
    expect(parsedAmount('00000000049.00', 'usd')).toBe(4900);
  });

  it('rejects unsupported currencies', () => {
    expect(parseError('49', 'xyz')).toBe('Unsupported currency "xyz".');
  });

  it('round-trips toMajorUnitsString for every chargeable amount in every currency', () => {
    fc.assert(
      fc.property(chargeableMoney, (money) => {
        expect(parseMoney(toMajorUnitsString(money), money.currency)).toEqual({ ok: true, money });
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects every amount between Stripe’s charge steps', () => {
    const stepped = SUPPORTED_CURRENCIES.filter((c) => chargeIncrement(c) > 1);
    fc.assert(
      fc.property(fc.constantFrom(...stepped), fc.integer({ min: 0, max: STRIPE_MAX_AMOUNT }), (currency, amount) => {
        fc.pre(amount % chargeIncrement(currency) !== 0);
        expect(parseMoney(toMajorUnitsString({ amount, currency }), currency).ok).toBe(false);
      }),
    );
  });
});

describe('addMoney / subtractMoney', () => {
  it('adds and subtracts in one currency', () => {
    const a = { amount: 4900, currency: 'usd' };
    const b = { amount: 150, currency: 'usd' };
    expect(addMoney(a, b)).toEqual({ amount: 5050, currency: 'usd' });
    expect(subtractMoney(a, b)).toEqual({ amount: 4750, currency: 'usd' });
    expect(subtractMoney(b, a)).toEqual({ amount: -4750, currency: 'usd' });
  });

  it('refuses mixed currencies', () => {
    const usd = { amount: 100, currency: 'usd' };
    const eur = { amount: 100, currency: 'eur' };
    expect(() => addMoney(usd, eur)).toThrow('Cannot combine USD and EUR amounts');
    expect(() => subtractMoney(usd, eur)).toThrow('Cannot combine USD and EUR amounts');
  });

  it('refuses fractional or unsafe results', () => {
    expect(() => addMoney({ amount: 0.1, currency: 'usd' }, { amount: 1, currency: 'usd' })).toThrow(/safe integer/);
    expect(() =>
      addMoney({ amount: Number.MAX_SAFE_INTEGER, currency: 'usd' }, { amount: 1, currency: 'usd' }),
    ).toThrow(/safe integer/);
  });

  it('are inverses', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SUPPORTED_CURRENCIES),
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: -1e12, max: 1e12 }),
        (currency, x, y) => {
          const a = { amount: x, currency };
          const b = { amount: y, currency };
          expect(subtractMoney(addMoney(a, b), b)).toEqual(a);
          expect(addMoney(subtractMoney(a, b), b)).toEqual(a);
        },
      ),
    );
  });
});
