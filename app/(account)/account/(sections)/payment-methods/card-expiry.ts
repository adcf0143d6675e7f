/** Warn this many days before a card stops working, so a renewal does not fail first. */
export const EXPIRES_SOON_DAYS = 60;
const DAY_MS = 24 * 60 * 60 * 1000;

export type ExpiryState = 'valid' | 'expires_soon' | 'expired' | 'unknown';

/**
 * A card is good through the last day of its expiry month (card networks' rule). Computed
 * in UTC: the server does not know the learner's zone, and a day either way does not change
 * the advice.
 */
export function cardExpiryState(expMonth: number | null, expYear: number | null, now: Date): ExpiryState {
  if (!expMonth || !expYear) return 'unknown';
  // Month index expMonth (0-based) is the month after the expiry month: its first instant ends validity.
  const end = Date.UTC(expYear, expMonth, 1);
  if (now.getTime() >= end) return 'expired';
  if (end - now.getTime() <= EXPIRES_SOON_DAYS * DAY_MS) return 'expires_soon';
  return 'valid';
}

/** "12/2034" — how the card itself prints it, with the full year. */
export function formatExpiry(expMonth: number | null, expYear: number | null): string | null {
  if (!expMonth || !expYear) return null;
  return `${String(expMonth).padStart(2, '0')}/${expYear}`;
}
