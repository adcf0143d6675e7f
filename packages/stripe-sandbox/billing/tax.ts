import type Stripe from 'stripe';
import type { Sandbox } from '../core/sandbox';
import type { Wire } from '../core/wire';
import { invalidRequest } from '../core/errors';

export type TaxRateObject = Wire<Stripe.TaxRate>;
type TaxabilityReason = Stripe.Invoice.TotalTax.TaxabilityReason;

/**
 * The sandbox's stand-in for Stripe Tax: one rate per customer country, for a digital
 * service sold by a US account registered in these places. Anywhere else (the US included:
 * no state registrations) nothing is collected (`not_collecting`). Deterministic on purpose.
 */
export const TAX_TABLE: Readonly<Record<string, { percentage: number; name: string; type: Stripe.TaxRate.TaxType }>> = {
  GB: { percentage: 20, name: 'VAT', type: 'vat' },
  DE: { percentage: 19, name: 'VAT', type: 'vat' },
  FR: { percentage: 20, name: 'VAT', type: 'vat' },
  NL: { percentage: 21, name: 'VAT', type: 'vat' },
  IE: { percentage: 23, name: 'VAT', type: 'vat' },
  ES: { percentage: 21, name: 'VAT', type: 'vat' },
  IT: { percentage: 22, name: 'VAT', type: 'vat' },
  AU: { percentage: 10, name: 'GST', type: 'gst' },
  NZ: { percentage: 15, name: 'GST', type: 'gst' },
  CA: { percentage: 5, name: 'GST', type: 'gst' },
  JP: { percentage: 10, name: 'JCT', type: 'jct' },
  IN: { percentage: 18, name: 'IGST', type: 'igst' },
};

export type TaxBehavior = 'exclusive' | 'inclusive';

/** A price's behaviour; `unspecified` follows the account default, which is `exclusive` here. */
export const behaviorOf = (price: { tax_behavior?: string | null } | null | undefined): TaxBehavior =>
  price?.tax_behavior === 'inclusive' ? 'inclusive' : 'exclusive';

/** Rounds half away from zero (Stripe rounds each line's tax to the minor unit). */
const roundHalfAway = (x: number) => Math.sign(x) * Math.round(Math.abs(x));

/**
 * The tax in `amount` (minor units, after discounts): exclusive adds `amount × rate` on top;
 * inclusive takes out `amount − amount / (1 + rate)`.
 */
export function taxOn(amount: number, percentage: number, behavior: TaxBehavior): number {
  if (percentage === 0 || amount === 0) return 0;
  const r = percentage / 100;
  return behavior === 'exclusive' ? roundHalfAway(amount * r) : amount - roundHalfAway(amount / (1 + r));
}

/** The stored TaxRate Stripe Tax would use for a country and behaviour (`txr_sbx_gb_excl`). */
export function taxRateFor(sandbox: Sandbox, country: string, behavior: TaxBehavior): TaxRateObject | null {
  const rule = TAX_TABLE[country.toUpperCase()];
  if (!rule) return null;
  const id = `txr_sbx_${country.toLowerCase()}_${behavior === 'inclusive' ? 'incl' : 'excl'}`;
  const existing = sandbox.store.get<TaxRateObject>('tax_rate', id);
  if (existing) return existing;
  const rate = {
    id,
    object: 'tax_rate',
    active: true,
    country: country.toUpperCase(),
    created: sandbox.clock.now(),
    description: null,
    display_name: rule.name,
    effective_percentage: rule.percentage,
    flat_amount: null,
    inclusive: behavior === 'inclusive',
    jurisdiction: country.toUpperCase(),
    jurisdiction_level: 'country',
    livemode: false,
    metadata: {},
    percentage: rule.percentage,
    rate_type: 'percentage',
    state: null,
    tax_type: rule.type,
  } satisfies TaxRateObject;
  sandbox.store.put(rate);
  return rate;
}

export interface LineTax {
  amount: number;
  behavior: TaxBehavior;
  rate: TaxRateObject | null;
  reason: TaxabilityReason;
  taxableAmount: number;
}

/** The tax on one line for a customer in `country`. */
export function lineTax(sandbox: Sandbox, country: string, amount: number, behavior: TaxBehavior): LineTax {
  const rate = taxRateFor(sandbox, country, behavior);
  if (!rate) return { amount: 0, behavior, rate: null, reason: 'not_collecting', taxableAmount: 0 };
  const tax = taxOn(amount, rate.percentage, behavior);
  return { amount: tax, behavior, rate, reason: 'standard_rated', taxableAmount: behavior === 'inclusive' ? amount - tax : amount };
}

/** The country Stripe Tax would use for a customer (its billing address), or null. */
export function customerTaxCountry(customer: { address?: { country?: string | null } | null } | null | undefined): string | null {
  const c = customer?.address?.country;
  return c && /^[A-Za-z]{2}$/.test(c) ? c.toUpperCase() : null;
}

/** Stripe refuses automatic tax for a customer whose location it cannot recognise. */
export function requireTaxLocation(customer: { id: string; address?: { country?: string | null } | null } | null | undefined): string {
  const country = customerTaxCountry(customer);
  if (!country) {
    throw invalidRequest(
      "The customer's location isn't recognized. Set a valid customer address (at least `address[country]`) to calculate tax automatically.",
      { code: 'customer_tax_location_invalid', param: 'automatic_tax[enabled]' },
    );
  }
  return country;
}

export const AUTOMATIC_TAX_ON = { disabled_reason: null, enabled: true, liability: { type: 'self' as const }, provider: 'stripe', status: 'complete' as const };
