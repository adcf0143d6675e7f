import { formatMoney } from '@/lib/billing/money';

// Emails are read long after they are sent and in every time zone, so dates are fixed to UTC
// and spelled out ("November 27, 2026"): never ambiguous like 11/12, never the server's zone.
const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' });

/** "November 27, 2026" for an ISO timestamp (payloads carry dates as ISO strings). */
export function formatEmailDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`formatEmailDate: not a date: ${iso}`);
  return dateFormat.format(date);
}

/** "$49.00", "¥4,800": minor units with Stripe's exponent for the currency. */
export function formatEmailAmount(amount: number, currency: string): string {
  return formatMoney({ amount, currency });
}

/** "Hi Ada," or a plain "Hello," when we do not know the learner's name. */
export function greeting(name: string | null): string {
  const trimmed = name?.trim();
  return trimmed ? `Hi ${trimmed},` : 'Hello,';
}
