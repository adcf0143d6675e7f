import { describe, expect, it } from 'vitest';
import { classifyMrrMovement, mrrDiscountsOf, subscriptionMrr } from './mrr';

describe('subscription MRR', () => {
  it('counts paying subscriptions, a yearly price as a twelfth', () => {
    expect(subscriptionMrr({ status: 'active', unitAmount: 2900, interval: 'month' })).toBe(2900);
    expect(subscriptionMrr({ status: 'past_due', unitAmount: 2900, interval: 'month' })).toBe(2900);
    expect(subscriptionMrr({ status: 'active', unitAmount: 29000, interval: 'year' })).toBe(2417);
    expect(subscriptionMrr({ status: 'active', unitAmount: 3000, interval: 'month', quantity: 2 })).toBe(6000);
    expect(subscriptionMrr({ status: 'active', unitAmount: 9000, interval: 'month', intervalCount: 3 })).toBe(3000);
    expect(subscriptionMrr({ status: 'active', unitAmount: 1200, interval: 'week' })).toBe(5200);
  });

  it('counts trials, unpaid, paused and ended subscriptions as zero', () => {
    for (const status of ['trialing', 'incomplete', 'incomplete_expired', 'unpaid', 'paused', 'canceled'] as const) {
      expect(subscriptionMrr({ status, unitAmount: 2900, interval: 'month' })).toBe(0);
    }
    expect(subscriptionMrr({ status: 'active', endedAt: new Date(), unitAmount: 2900, interval: 'month' })).toBe(0);
    expect(subscriptionMrr({ status: 'active', unitAmount: null, interval: null })).toBe(0);
    expect(subscriptionMrr({ status: 'active', duplicate: true, unitAmount: 2900, interval: 'month' })).toBe(0);
  });
});

describe('MRR movement kinds', () => {
  it('follows the customer, not the subscription', () => {
    expect(classifyMrrMovement(0, 2900, false)).toBe('new');
    expect(classifyMrrMovement(0, 2900, true)).toBe('reactivation');
    expect(classifyMrrMovement(2900, 0, true)).toBe('churn');
    expect(classifyMrrMovement(2900, 4900, true)).toBe('expansion');
    expect(classifyMrrMovement(4900, 2900, true)).toBe('contraction');
    expect(classifyMrrMovement(2900, 2900, true)).toBeNull();
  });
});

describe('MRR net of discounts', () => {
  const at = new Date('2026-06-01T00:00:00Z');
  const unix = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);
  const discount = (coupon: Partial<{ duration: 'once' | 'repeating' | 'forever'; percent_off: number | null; amount_off: number | null; currency: string | null; currency_options: Record<string, { amount_off: number }> }>, end: number | null = null) =>
    ({
      id: `di_${Math.random()}`,
      object: 'discount',
      end,
      source: { type: 'coupon', coupon: { id: 'co_1', object: 'coupon', duration: 'forever', percent_off: null, amount_off: null, currency: null, ...coupon } },
    }) as never;

  it('takes recurring percent and amount discounts off the monthly amount', () => {
    const monthly = (discounts: never[], unitAmount = 2900, interval = 'month', currency = 'usd') =>
      subscriptionMrr({ status: 'active', unitAmount, interval, discounts: mrrDiscountsOf({ discounts }, currency, at).discounts });
    expect(monthly([discount({ percent_off: 25 })])).toBe(2175);
    expect(monthly([discount({ amount_off: 500, currency: 'usd' })])).toBe(2400);
    // A yearly price: the discount applies to the yearly invoice, then a twelfth.
    expect(monthly([discount({ percent_off: 50 })], 29000, 'year')).toBe(1208);
    // Two discounts, each on what the previous left; never below zero.
    expect(monthly([discount({ percent_off: 50 }), discount({ amount_off: 450, currency: 'usd' })])).toBe(1000);
    expect(monthly([discount({ amount_off: 5000, currency: 'usd' })])).toBe(0);
    // Amount off in another currency counts through currency_options, else not at all.
    expect(monthly([discount({ amount_off: 500, currency: 'usd', currency_options: { eur: { amount_off: 400 } } })], 2500, 'month', 'eur')).toBe(2100);
    expect(monthly([discount({ amount_off: 500, currency: 'usd' })], 2500, 'month', 'eur')).toBe(2500);
  });

  it('ignores once coupons and repeating ones that have ended', () => {
    const { discounts } = mrrDiscountsOf(
      {
        discounts: [
          discount({ duration: 'once', percent_off: 100 }),
          discount({ duration: 'repeating', percent_off: 20 }, unix('2026-05-31T00:00:00Z')),
          discount({ duration: 'repeating', percent_off: 10 }, unix('2026-09-01T00:00:00Z')),
        ],
      },
      'usd',
      at,
    );
    expect(discounts).toEqual([{ percentOff: 10, amountOff: null }]);
    expect(subscriptionMrr({ status: 'active', unitAmount: 2900, interval: 'month', discounts })).toBe(2610);
  });

  it('reports discounts it cannot see (not expanded) instead of guessing', () => {
    expect(mrrDiscountsOf({ discounts: ['di_123'] }, 'usd', at)).toEqual({ discounts: [], unknown: ['di_123'] });
  });
});
