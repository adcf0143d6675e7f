import { describe, expect, it } from 'vitest';
import { describeDunningPolicy, dunningPolicyOf } from './dunning-policy';

describe('the dunning policy', () => {
  it('counts the first attempt among the attempts', () => {
    expect(dunningPolicyOf([3, 5, 7], 'cancel')).toMatchObject({ attempts: 4, retryDays: [3, 5, 7] });
    expect(dunningPolicyOf([], 'past_due')).toMatchObject({ attempts: 1 });
  });

  it('reads as one plain sentence per schedule and final action', () => {
    expect(describeDunningPolicy(dunningPolicyOf([3, 5, 7], 'cancel'))).toBe(
      'When a renewal payment fails, we try your card again 3 more times, 3 days, then 5 days, then 7 days apart, and you keep access for 7 days meanwhile. If the last attempt fails, the subscription ends and with it access to the included courses.',
    );
    expect(describeDunningPolicy(dunningPolicyOf([1], 'unpaid'))).toMatch(/^When a renewal payment fails, we try your card again once, 1 day apart,.*paused as unpaid/);
  });
});
