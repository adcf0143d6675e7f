import { THREE_DECIMAL, ZERO_DECIMAL } from './fees';

/** Formats minor units in a currency, honouring zero- and three-decimal currencies: `¥4,800`, `$48.00`. */
export function formatMoney(amount: number, currency: string): string {
  const ccy = currency.toLowerCase();
  const digits = ZERO_DECIMAL.has(ccy) ? 0 : THREE_DECIMAL.has(ccy) ? 3 : 2;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: ccy.toUpperCase(),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amount / 10 ** digits);
}
