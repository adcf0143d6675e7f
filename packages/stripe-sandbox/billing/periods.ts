/**
 * Billing periods, as Stripe computes them: a monthly period keeps the anchor's day of
 * month, clamped to the month's length (Jan 31 → Feb 28 → Mar 31).
 */
export type Interval = 'day' | 'week' | 'month' | 'year';

export function addInterval(fromS: number, interval: Interval, count: number, anchorS: number): number {
  const from = new Date(fromS * 1000);
  const anchor = new Date(anchorS * 1000);
  if (interval === 'day') return fromS + count * 86_400;
  if (interval === 'week') return fromS + count * 7 * 86_400;
  const months = interval === 'year' ? 12 * count : count;
  const y = from.getUTCFullYear();
  const m = from.getUTCMonth() + months;
  const targetYear = y + Math.floor(m / 12);
  const targetMonth = ((m % 12) + 12) % 12;
  const daysInMonth = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(anchor.getUTCDate(), daysInMonth);
  return Math.floor(
    Date.UTC(targetYear, targetMonth, day, anchor.getUTCHours(), anchor.getUTCMinutes(), anchor.getUTCSeconds()) / 1000,
  );
}
