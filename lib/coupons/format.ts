import type { CouponRow, PromotionCodeRow } from '@/db/queries/coupons';
import { formatMoney } from '@/lib/billing/money';

/** "20% off", "€5.00 off". */
export function couponValue(c: Pick<CouponRow, 'percentOff' | 'amountOff' | 'currency'>): string {
  if (c.percentOff !== null) return `${c.percentOff}% off`;
  return `${formatMoney({ amount: c.amountOff ?? 0, currency: c.currency ?? 'usd' })} off`;
}

/** "once", "for 3 months", "forever" (how long a subscription keeps it; one-time purchases: once). */
export function couponDuration(c: Pick<CouponRow, 'duration' | 'durationInMonths'>): string {
  if (c.duration === 'repeating') return `for ${c.durationInMonths} month${c.durationInMonths === 1 ? '' : 's'}`;
  return c.duration;
}

export type CodeState = { label: string; tone: 'success' | 'neutral' | 'warning' };

/** Whether a code can still be redeemed, and if not, why. */
export function codeState(code: Pick<PromotionCodeRow, 'active' | 'expiresAt' | 'maxRedemptions'> & { redemptions: number }, now = new Date()): CodeState {
  if (!code.active) return { label: 'Deactivated', tone: 'neutral' };
  if (code.expiresAt && code.expiresAt.getTime() <= now.getTime()) return { label: 'Expired', tone: 'warning' };
  if (code.maxRedemptions !== null && code.redemptions >= code.maxRedemptions) return { label: 'Used up', tone: 'warning' };
  return { label: 'Active', tone: 'success' };
}

/** A date input's day (YYYY-MM-DD) as the last second of that day, UTC. */
export function endOfDayUtc(day: string): Date {
  return new Date(`${day}T23:59:59Z`);
}
