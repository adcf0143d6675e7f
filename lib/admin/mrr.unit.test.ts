import { describe, expect, it } from 'vitest';
import { classifyMrrMovement, subscriptionMrr } from './mrr';

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
