import type Stripe from 'stripe';
import type { MrrMovementKind } from '@/db/schema/metrics';
import type { SubscriptionStatus } from '@/db/schema/enums';

/** Months per billing interval: a weekly price of 700 is 700 × 52 / 12 a month. */
const MONTHS_PER: Record<string, number> = { day: 12 / 365, week: 12 / 52, month: 1, year: 12 };

/**
 * A subscription's contribution to MRR (minor units per month), as ChartMogul and Stripe's
 * Billing analytics count it: paying subscriptions only. `active` and `past_due` count (a
 * failed renewal is not churn until the subscription ends); trials, incomplete, unpaid,
 * paused and ended subscriptions count zero, as does a duplicate being canceled. A yearly
 * price counts a twelfth per month, rounded to whole minor units. Recurring discounts are
 * taken off (ChartMogul and Stripe count MRR net of discounts): see `applyDiscounts`.
 */
export function subscriptionMrr(input: {
  status: SubscriptionStatus;
  endedAt?: Date | null;
  duplicate?: boolean;
  unitAmount: number | null;
  interval: string | null;
  intervalCount?: number;
  quantity?: number | null;
  /** The subscription's discounts (from `mrrDiscountsOf`), applied per billing interval. */
  discounts?: readonly MrrDiscount[];
}): number {
  if (input.status !== 'active' && input.status !== 'past_due') return 0;
  if (input.endedAt || input.duplicate) return 0;
  const months = input.interval ? MONTHS_PER[input.interval] : undefined;
  if (input.unitAmount === null || months === undefined) return 0;
  const perInterval = applyDiscounts(input.unitAmount * (input.quantity ?? 1), input.discounts ?? []);
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

/** A discount on a subscription, as far as MRR cares: what it takes off each invoice. */
export type MrrDiscount = { percentOff: number | null; amountOff: number | null };

/**
 * An invoice's amount after the subscription's discounts, in Stripe's order (each on what the
 * previous one left), never below zero. Only discounts that recur count (see `mrrDiscountsOf`).
 */
export function applyDiscounts(amount: number, discounts: readonly MrrDiscount[]): number {
  let left = amount;
  for (const d of discounts) {
    if (d.percentOff !== null) left -= Math.round((left * d.percentOff) / 100);
    else if (d.amountOff !== null) left -= Math.min(d.amountOff, left);
  }
  return Math.max(0, left);
}

/**
 * The discounts of a subscription read that lower its recurring amount now: `forever` ones, and
 * `repeating` ones until their end (Stripe then removes the discount and sends
 * customer.subscription.updated, which records the expansion). A `once` coupon lowers a single
 * invoice, not the run rate, so MRR ignores it, as ChartMogul does for one-off discounts. An
 * amount-off coupon counts in the subscription's currency (its `currency_options` for
 * others; nothing in a currency it has no amount for, as Stripe applies it). Discounts must
 * come expanded (the sync reads subscriptions with `expand: ['discounts']`); an id alone
 * says nothing about the coupon and is returned in `unknown`.
 */
export function mrrDiscountsOf(subscription: Pick<Stripe.Subscription, 'discounts'>, currency: string, now: Date): { discounts: MrrDiscount[]; unknown: string[] } {
  const discounts: MrrDiscount[] = [];
  const unknown: string[] = [];
  for (const entry of subscription.discounts ?? []) {
    if (typeof entry === 'string') {
      unknown.push(entry);
      continue;
    }
    const coupon = entry.source?.coupon;
    if (!coupon || typeof coupon === 'string') {
      unknown.push(entry.id);
      continue;
    }
    if (coupon.duration === 'once') continue;
    if (entry.end !== null && entry.end * 1000 <= now.getTime()) continue;
    if (coupon.percent_off !== null) discounts.push({ percentOff: coupon.percent_off, amountOff: null });
    else if (coupon.amount_off !== null) {
      const off = coupon.currency === currency ? coupon.amount_off : (coupon.currency_options?.[currency]?.amount_off ?? 0);
      if (off > 0) discounts.push({ percentOff: null, amountOff: off });
    }
  }
  return { discounts, unknown };
}
