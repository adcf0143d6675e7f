import type { Database } from '@/db/client';
import type { SubscriptionStatus } from '@/db/schema/enums';

/**
 * Re-reads the subscription from Stripe and converges the local row (status, price, period
 * start/end from its item, cancel_at_period_end, trial end, ended_at). Convergent: any number
 * of calls, in any order, land on Stripe's current state.
 * IMPLEMENTED BY: the webhook pipeline work (this is its contract).
 */
export async function syncSubscriptionFromStripe(
  _db: Database,
  _stripeSubscriptionId: string,
): Promise<{ subscriptionId: string; userId: string; status: SubscriptionStatus }> {
  throw new Error('syncSubscriptionFromStripe is not implemented yet');
}
