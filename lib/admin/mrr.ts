import type { MrrMovementKind } from '@/db/schema/metrics';
import type { SubscriptionStatus } from '@/db/schema/enums';

/** Months per billing interval: a weekly price of 700 is 700 × 52 / 12 a month. */
const MONTHS_PER: Record<string, number> = { day: 12 / 365, week: 12 / 52, month: 1, year: 12 };

/**
 * A subscription's contribution to MRR (minor units per month), as ChartMogul and Stripe's
 * Billing analytics count it: paying subscriptions only. `active` and `past_due` count (a
 * failed renewal is not churn until the subscription ends); trials, incomplete, unpaid,
 * paused and ended subscriptions count zero, as does a duplicate being canceled. A yearly
 * price counts a twelfth per month, rounded to whole minor units. Discounts are not applied
 * (list price × quantity).
 */
export function subscriptionMrr(input: {
  status: SubscriptionStatus;
  endedAt?: Date | null;
  duplicate?: boolean;
  unitAmount: number | null;
  interval: string | null;
  intervalCount?: number;
  quantity?: number | null;
}): number {
  if (input.status !== 'active' && input.status !== 'past_due') return 0;
  if (input.endedAt || input.duplicate) return 0;
  const months = input.interval ? MONTHS_PER[input.interval] : undefined;
  if (input.unitAmount === null || months === undefined) return 0;
  const perInterval = input.unitAmount * (input.quantity ?? 1);
  return Math.round(perInterval / (months * (input.intervalCount ?? 1)));
}

/**
 * Classifies a change at the customer level (ChartMogul's movement types): the customer's
 * MRR in this currency before and after, and whether they ever had MRR before.
 */
export function classifyMrrMovement(customerBefore: number, customerAfter: number, everPaidBefore: boolean): MrrMovementKind | null {
  if (customerBefore === customerAfter) return null;
  if (customerBefore === 0) return everPaidBefore ? 'reactivation' : 'new';
  if (customerAfter === 0) return 'churn';
  return customerAfter > customerBefore ? 'expansion' : 'contraction';
}
