import type { Database } from '@/db/client';
import { listOpenSessionsPastExpiry, listStuckPayments } from '@/db/queries/reconciliation-runs';
import { logger } from '@/lib/log';
import { resyncFromStripe } from './resync';

export type JanitorOptions = {
  now?: Date;
  /** A payment still in flight this long after it started is asked about (default 1 hour). */
  stuckAfterMs?: number;
  /** A session open this long past its expiry is asked about (default 10 minutes). */
  expiredGraceMs?: number;
  /** Objects per run, so one run stays within the Stripe request budget. */
  limit?: number;
};

export type JanitorResult = { payments: number; sessions: number; failed: number };

/**
 * Re-checks with Stripe what webhooks should have settled by now: payments stuck in
 * pending, processing or requires_action (an abandoned 3-D Secure challenge shows "awaiting
 * confirmation" forever otherwise) and Checkout sessions still open past their expiry. Each
 * goes through the webhook sync code, so the result is what the missed event would have done.
 */
export async function runJanitor(db: Database, options: JanitorOptions = {}): Promise<JanitorResult> {
  const now = options.now ?? new Date();
  const limit = options.limit ?? 50;
  const result: JanitorResult = { payments: 0, sessions: 0, failed: 0 };
  const sessions = await listOpenSessionsPastExpiry(db, new Date(now.getTime() - (options.expiredGraceMs ?? 10 * 60_000)), limit);
  for (const session of sessions) {
    try {
      await resyncFromStripe(db, [{ kind: 'checkout', sessionId: session.stripeCheckoutSessionId }]);
      result.sessions += 1;
    } catch (error) {
      result.failed += 1;
      logger.warn({ checkoutSession: session.stripeCheckoutSessionId, err: error }, 'janitor: could not re-check a checkout session');
    }
  }
  const stuck = await listStuckPayments(db, new Date(now.getTime() - (options.stuckAfterMs ?? 60 * 60_000)), limit);
  for (const payment of stuck) {
    try {
      await resyncFromStripe(db, [{ kind: 'payment', paymentIntentId: payment.stripePaymentIntentId }]);
      result.payments += 1;
    } catch (error) {
      result.failed += 1;
      logger.warn({ paymentIntent: payment.stripePaymentIntentId, err: error }, 'janitor: could not re-check a payment');
    }
  }
  return result;
}
