import { env } from '@/lib/env';
import { PAST_DUE_GRACE_DAYS } from './access';

/**
 * What happens after a renewal fails. Stripe runs the retries (its retry settings must match
 * `DUNNING_RETRY_DAYS` / `DUNNING_FINAL_ACTION`); Bursar keeps access for the grace period and
 * tells the learner where they are in the schedule.
 */
export type DunningPolicy = {
  /** Days between automatic attempts after the first failure. */
  retryDays: number[];
  /** Every automatic attempt, the first one included. */
  attempts: number;
  graceDays: number;
  /** After the last failed retry: the subscription is canceled, marked unpaid, or left past due. */
  finalAction: 'cancel' | 'unpaid' | 'past_due';
};

export function dunningPolicyOf(retryDays: number[], finalAction: DunningPolicy['finalAction']): DunningPolicy {
  return { retryDays, attempts: retryDays.length + 1, graceDays: PAST_DUE_GRACE_DAYS, finalAction };
}

export const dunningPolicy: DunningPolicy = dunningPolicyOf(env.DUNNING_RETRY_DAYS, env.DUNNING_FINAL_ACTION);

/** The sentence a learner (and the admin, who sees the same copy) reads about failed renewals. */
export function describeDunningPolicy(policy: DunningPolicy): string {
  const days = policy.retryDays;
  const schedule =
    days.length === 0
      ? 'we do not retry automatically'
      : `we try your card again ${days.length === 1 ? 'once' : `${days.length} more times`}, ${days.map((d) => `${d} day${d === 1 ? '' : 's'}`).join(', then ')} apart`;
  const end = {
    cancel: 'If the last attempt fails, the subscription ends and with it access to the included courses.',
    unpaid: 'If the last attempt fails, the subscription is paused as unpaid and access to the included courses ends until it is paid.',
    past_due: 'If the last attempt fails, the invoice stays open; access to the included courses ends when the grace period does.',
  }[policy.finalAction];
  return `When a renewal payment fails, ${schedule}, and you keep access for ${policy.graceDays} days meanwhile. ${end}`;
}
