// Display helpers shared by the purchases list, the receipt and the payment-methods page.

const BRANDS: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  jcb: 'JCB',
  diners: 'Diners Club',
  unionpay: 'UnionPay',
};

/** "Visa •••• 4242", "Bank account •••• 6789", or null when Stripe has not told us yet. */
export function paymentMethodLabel(method: { type: string | null; brand: string | null; last4: string | null }): string | null {
  if (method.type === 'us_bank_account') return method.last4 ? `Bank account •••• ${method.last4}` : 'Bank account';
  if (!method.brand && !method.last4) return null;
  const brand = method.brand ? (BRANDS[method.brand] ?? capitalize(method.brand)) : 'Card';
  return method.last4 ? `${brand} •••• ${method.last4}` : brand;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

// Dates are rendered on the server, which does not know the learner's zone: UTC, stated
// where exactness matters (the receipt), so a date never shifts between two renders.
const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

export function formatAccountDate(date: Date): string {
  return dateFormat.format(date);
}
