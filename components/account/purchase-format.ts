// Display helpers shared by the purchases list, the receipt and the payment-methods page.

export { paymentMethodLabel } from '@/lib/billing/payment-method-label';

// Dates are rendered on the server, which does not know the learner's zone: UTC, stated
// where exactness matters (the receipt), so a date never shifts between two renders.
const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

export function formatAccountDate(date: Date): string {
  return dateFormat.format(date);
}
