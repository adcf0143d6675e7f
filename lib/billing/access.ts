import type { EnrollmentSource, SubscriptionStatus } from '@/db/schema/enums';
import { env } from '@/lib/env';

/** How long a learner keeps All-Access after a failed renewal while Stripe retries (DUNNING_GRACE_DAYS). */
export const PAST_DUE_GRACE_DAYS = env.DUNNING_GRACE_DAYS;
const DAY_MS = 24 * 60 * 60 * 1000;

export type AccessEnrollment = {
  source: EnrollmentSource;
  status: 'active' | 'revoked';
  revokeReason: string | null;
  /** Comp grants may end; null (or absent) means no end. */
  expiresAt?: Date | null;
};
export type AccessSubscription = {
  status: SubscriptionStatus;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  endedAt: Date | null;
};

export type AccessDecision =
  | { allowed: true; via: 'purchase' | 'grant' | 'subscription' | 'grace_period'; until: Date | null }
  | { allowed: false; reason: 'not_purchased' | 'refunded' | 'dispute_lost' | 'revoked' | 'subscription_ended' | 'payment_failed' | 'grant_expired' };

/**
 * When a past-due learner loses access. A renewal bills at the start of the new period, and
 * Stripe moves the period forward even when that payment fails, so the grace window runs
 * from the current period's start (the failed renewal), not its end.
 */
export function pastDueGraceEnd(sub: Pick<AccessSubscription, 'currentPeriodStart'>): Date | null {
  return sub.currentPeriodStart ? new Date(sub.currentPeriodStart.getTime() + PAST_DUE_GRACE_DAYS * DAY_MS) : null;
}

/**
 * The one access rule (DESIGN.md "Access rules"). Pure: every page and action loads the
 * learner's enrollments for the course and their subscriptions, then asks this.
 */
export function decideCourseAccess(input: {
  enrollments: AccessEnrollment[];
  subscriptions: AccessSubscription[];
  now: Date;
}): AccessDecision {
  const { enrollments, subscriptions, now } = input;
  if (enrollments.some((e) => e.source === 'purchase' && e.status === 'active')) return { allowed: true, via: 'purchase', until: null };
  // An admin's comp grant counts until its expiry (if it has one); the latest-ending one wins.
  const liveGrants = enrollments.filter((e) => e.source === 'grant' && e.status === 'active' && (!e.expiresAt || e.expiresAt > now));
  if (liveGrants.length > 0) {
    const until = liveGrants.some((e) => !e.expiresAt) ? null : new Date(Math.max(...liveGrants.map((e) => (e.expiresAt as Date).getTime())));
    return { allowed: true, via: 'grant', until };
  }

  for (const sub of subscriptions) {
    const end = sub.currentPeriodEnd;
    if (sub.status === 'active' || sub.status === 'trialing') {
      // cancel_at_period_end keeps access to the end of the paid period, then Stripe ends it.
      if (!sub.cancelAtPeriodEnd || !end || end > now) return { allowed: true, via: 'subscription', until: sub.cancelAtPeriodEnd ? end : null };
    }
    const graceEnd = sub.status === 'past_due' ? pastDueGraceEnd(sub) : null;
    if (graceEnd && graceEnd > now) return { allowed: true, via: 'grace_period', until: graceEnd };
  }

  const revoked = enrollments.find((e) => e.source === 'purchase' && e.status === 'revoked');
  if (revoked) {
    if (revoked.revokeReason === 'refunded') return { allowed: false, reason: 'refunded' };
    if (revoked.revokeReason === 'dispute_lost') return { allowed: false, reason: 'dispute_lost' };
    return { allowed: false, reason: 'revoked' };
  }
  if (subscriptions.some((s) => s.status === 'past_due' || s.status === 'unpaid')) return { allowed: false, reason: 'payment_failed' };
  if (subscriptions.length > 0) return { allowed: false, reason: 'subscription_ended' };
  if (enrollments.some((e) => e.source === 'grant' && e.status === 'active' && e.expiresAt && e.expiresAt <= now)) return { allowed: false, reason: 'grant_expired' };
  return { allowed: false, reason: 'not_purchased' };
}
