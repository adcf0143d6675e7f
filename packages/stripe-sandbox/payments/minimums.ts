import { invalidRequest } from '../core/errors';
import { formatMoney } from './money';

/**
 * Stripe's minimum charge amounts (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts),
 * in minor units. Other currencies: Stripe asks for the equivalent of US$0.50 at the day's
 * rate; the sandbox has no rates and asks for 50 minor units.
 */
export const MIN_CHARGE: Record<string, number> = {
  usd: 50, aed: 200, aud: 50, bgn: 100, brl: 50, cad: 50, chf: 50, czk: 1500, dkk: 250, eur: 50, gbp: 30, hkd: 400,
  huf: 17500, inr: 50, jpy: 50, mxn: 1000, myr: 200, nok: 300, nzd: 50, pln: 200, ron: 200, sek: 300, sgd: 50, thb: 1000,
};
/** The largest amount Stripe charges in one payment: 99,999,999 minor units (US$999,999.99). */
export const MAX_CHARGE = 99_999_999;

export const minimumCharge = (currency: string) => MIN_CHARGE[currency] ?? 50;

/** Stripe's 400 for an amount outside the currency's limits (`amount_too_small` / `amount_too_large`). */
export function checkChargeAmount(amount: number, currency: string, param = 'amount'): void {
  const min = minimumCharge(currency);
  if (amount < min) {
    throw invalidRequest(`Amount must be at least ${formatMoney(min, currency)} ${currency}`, { code: 'amount_too_small', param });
  }
  if (amount > MAX_CHARGE) {
    throw invalidRequest(`Amount must be no more than ${formatMoney(MAX_CHARGE, currency)}`, { code: 'amount_too_large', param });
  }
}
