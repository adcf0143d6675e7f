import { describe, expect, it } from 'vitest';
import { type AccessSubscription, decideCourseAccess, PAST_DUE_GRACE_DAYS } from './access';

const now = new Date('2026-11-27T12:00:00Z');
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);
const sub = (overrides: Partial<AccessSubscription>): AccessSubscription => ({
  status: 'active',
  currentPeriodStart: days(-10),
  currentPeriodEnd: days(20),
  cancelAtPeriodEnd: false,
  endedAt: null,
  ...overrides,
});

describe('decideCourseAccess', () => {
  it('refuses a learner with nothing', () => {
    expect(decideCourseAccess({ enrollments: [], subscriptions: [], now })).toEqual({ allowed: false, reason: 'not_purchased' });
  });

  it('allows an active purchase and an admin grant', () => {
    expect(decideCourseAccess({ enrollments: [{ source: 'purchase', status: 'active', revokeReason: null }], subscriptions: [], now })).toMatchObject({ allowed: true, via: 'purchase' });
    expect(decideCourseAccess({ enrollments: [{ source: 'grant', status: 'active', revokeReason: null }], subscriptions: [], now })).toMatchObject({ allowed: true, via: 'grant' });
  });

  it('says why a revoked purchase is closed', () => {
    expect(decideCourseAccess({ enrollments: [{ source: 'purchase', status: 'revoked', revokeReason: 'refunded' }], subscriptions: [], now })).toEqual({ allowed: false, reason: 'refunded' });
    expect(decideCourseAccess({ enrollments: [{ source: 'purchase', status: 'revoked', revokeReason: 'dispute_lost' }], subscriptions: [], now })).toEqual({ allowed: false, reason: 'dispute_lost' });
  });

  it('allows active and trialing subscriptions', () => {
    expect(decideCourseAccess({ enrollments: [], subscriptions: [sub({})], now })).toMatchObject({ allowed: true, via: 'subscription', until: null });
    expect(decideCourseAccess({ enrollments: [], subscriptions: [sub({ status: 'trialing' })], now })).toMatchObject({ allowed: true, via: 'subscription' });
  });

  it('keeps a subscription canceled at period end until that end, not after', () => {
    expect(decideCourseAccess({ enrollments: [], subscriptions: [sub({ cancelAtPeriodEnd: true, currentPeriodEnd: days(3) })], now })).toEqual({ allowed: true, via: 'subscription', until: days(3) });
    expect(decideCourseAccess({ enrollments: [], subscriptions: [sub({ cancelAtPeriodEnd: true, currentPeriodEnd: days(-1) })], now })).toEqual({ allowed: false, reason: 'subscription_ended' });
  });

  it('gives past_due a grace window from the failed renewal (the new period start), not a whole period', () => {
    const insideGrace = sub({ status: 'past_due', currentPeriodStart: days(-(PAST_DUE_GRACE_DAYS - 1)), currentPeriodEnd: days(24) });
    expect(decideCourseAccess({ enrollments: [], subscriptions: [insideGrace], now })).toEqual({ allowed: true, via: 'grace_period', until: days(1) });
    // Stripe has already moved the period a month ahead; that month is not grace.
    const pastGrace = sub({ status: 'past_due', currentPeriodStart: days(-(PAST_DUE_GRACE_DAYS + 1)), currentPeriodEnd: days(22) });
    expect(decideCourseAccess({ enrollments: [], subscriptions: [pastGrace], now })).toEqual({ allowed: false, reason: 'payment_failed' });
  });

  it('refuses canceled, unpaid and incomplete subscriptions', () => {
    for (const status of ['canceled', 'incomplete', 'incomplete_expired', 'paused'] as const) {
      expect(decideCourseAccess({ enrollments: [], subscriptions: [sub({ status })], now })).toEqual({ allowed: false, reason: 'subscription_ended' });
    }
    expect(decideCourseAccess({ enrollments: [], subscriptions: [sub({ status: 'unpaid' })], now })).toEqual({ allowed: false, reason: 'payment_failed' });
  });

  it('honours a comp grant until its expiry, then says it ended', () => {
    const grant = (expiresAt: Date | null) => ({ source: 'grant' as const, status: 'active' as const, revokeReason: null, expiresAt });
    expect(decideCourseAccess({ enrollments: [grant(null)], subscriptions: [], now })).toEqual({ allowed: true, via: 'grant', until: null });
    expect(decideCourseAccess({ enrollments: [grant(days(5))], subscriptions: [], now })).toEqual({ allowed: true, via: 'grant', until: days(5) });
    expect(decideCourseAccess({ enrollments: [grant(days(-1))], subscriptions: [], now })).toEqual({ allowed: false, reason: 'grant_expired' });
    // The moment of expiry is already closed.
    expect(decideCourseAccess({ enrollments: [grant(now)], subscriptions: [], now })).toEqual({ allowed: false, reason: 'grant_expired' });
    // An expired grant does not hide a live subscription or a purchase.
    expect(decideCourseAccess({ enrollments: [grant(days(-1))], subscriptions: [sub({})], now })).toMatchObject({ allowed: true, via: 'subscription' });
    expect(decideCourseAccess({ enrollments: [grant(days(-1)), { source: 'purchase', status: 'active', revokeReason: null }], subscriptions: [], now })).toMatchObject({ allowed: true, via: 'purchase' });
  });

  it('refuses a revoked comp grant', () => {
    expect(decideCourseAccess({ enrollments: [{ source: 'grant', status: 'revoked', revokeReason: 'admin', expiresAt: null }], subscriptions: [], now })).toEqual({ allowed: false, reason: 'not_purchased' });
  });
});
