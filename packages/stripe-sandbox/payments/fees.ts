/**
 * Processing fees, following Stripe's standard (list-price) pricing. Each entry is a
 * percentage in basis points plus a fixed amount in the currency's minor unit.
 *
 * Simplification: the sandbox settles every charge in its own currency (as if the account
 * held a balance in each currency), so balance transactions carry `exchange_rate: null`
 * and no currency-conversion or international-card surcharge is applied.
 */
interface FeeModel {
  bps: number;
  fixed: number;
  cap?: number;
  description: string;
}

const CARD_FEES: Record<string, FeeModel> = {
  usd: { bps: 290, fixed: 30, description: 'Stripe processing fees (2.9% + $0.30)' },
  cad: { bps: 290, fixed: 30, description: 'Stripe processing fees (2.9% + CA$0.30)' },
  eur: { bps: 150, fixed: 25, description: 'Stripe processing fees (1.5% + €0.25, standard EEA cards)' },
  gbp: { bps: 150, fixed: 20, description: 'Stripe processing fees (1.5% + £0.20, standard UK cards)' },
  aud: { bps: 175, fixed: 30, description: 'Stripe processing fees (1.75% + A$0.30, domestic cards)' },
  jpy: { bps: 360, fixed: 0, description: 'Stripe processing fees (3.6%)' },
};
/** Any other currency: 2.9% + 30 minor units (0 for zero-decimal currencies). */
const DEFAULT_CARD_FEE: FeeModel = { bps: 290, fixed: 30, description: 'Stripe processing fees (2.9% + 30 minor units)' };

/** ACH Direct Debit: 0.8%, capped at $5.00. */
const ACH_FEE: FeeModel = { bps: 80, fixed: 0, cap: 500, description: 'Stripe processing fees (ACH Direct Debit 0.8%, max $5)' };

/** SEPA Direct Debit: Stripe's EEA list price, €0.35 per payment. */
const SEPA_FEE: FeeModel = { bps: 0, fixed: 35, description: 'Stripe processing fees (SEPA Direct Debit €0.35)' };

export const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);
export const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

export function computeFee(amount: number, currency: string, method: 'card' | 'us_bank_account' | 'sepa_debit'): { fee: number; description: string } {
  const model =
    method === 'us_bank_account' ? ACH_FEE : method === 'sepa_debit' ? SEPA_FEE : (CARD_FEES[currency] ?? (ZERO_DECIMAL.has(currency) ? { ...DEFAULT_CARD_FEE, fixed: 0 } : DEFAULT_CARD_FEE));
  let fee = Math.round((amount * model.bps) / 10_000) + model.fixed;
  if (model.cap !== undefined) fee = Math.min(fee, model.cap);
  return { fee: Math.min(fee, amount), description: model.description };
}
