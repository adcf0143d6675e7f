import type Stripe from 'stripe';

const BRANDS: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  jcb: 'JCB',
  diners: 'Diners Club',
  unionpay: 'UnionPay',
};

export type PaymentMethodFacts = { type: string | null; brand: string | null; last4: string | null };

/**
 * The one way Bursar names a payment method, in emails, receipts and the account:
 * "Visa •••• 4242", "US bank account •••• 6789"; null when Stripe has not told us yet.
 */
export function paymentMethodLabel(method: PaymentMethodFacts): string | null {
  const digits = method.last4 ? ` •••• ${method.last4}` : '';
  if (method.type === 'us_bank_account') return `US bank account${digits}`;
  if (!method.brand && !method.last4) return null;
  const brand = method.brand ? (BRANDS[method.brand] ?? method.brand.charAt(0).toUpperCase() + method.brand.slice(1)) : 'Card';
  return `${brand}${digits}`;
}

/** The label for the method a charge was paid with. */
export function describeChargePaymentMethod(charge: Stripe.Charge | null | undefined): string | null {
  const details = charge?.payment_method_details;
  if (!details) return null;
  const last4 = details.card?.last4 ?? details.us_bank_account?.last4 ?? null;
  return paymentMethodLabel({ type: details.type ?? null, brand: details.card?.brand ?? null, last4 });
}

/** A stable, human-sized receipt number derived from our payment id. */
export function receiptNumberFor(paymentId: string): string {
  return `BR-${paymentId.replace(/-/g, '').slice(0, 10).toUpperCase()}`;
}
