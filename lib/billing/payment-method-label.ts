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

/** "Visa •••• 4242" / "US bank account •••• 6789" from a charge; null when unknown. */
export function describeChargePaymentMethod(charge: Stripe.Charge | null | undefined): string | null {
  const details = charge?.payment_method_details;
  if (!details) return null;
  if (details.card) return `${BRANDS[details.card.brand ?? ''] ?? details.card.brand ?? 'Card'} •••• ${details.card.last4 ?? '????'}`;
  if (details.us_bank_account) return `US bank account •••• ${details.us_bank_account.last4 ?? '????'}`;
  return details.type ?? null;
}

/** A stable, human-sized receipt number derived from our payment id. */
export function receiptNumberFor(paymentId: string): string {
  return `BR-${paymentId.replace(/-/g, '').slice(0, 10).toUpperCase()}`;
}
