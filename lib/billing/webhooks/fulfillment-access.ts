import type { Database } from '@/db/client';
import { findCheckoutSessionByStripeId, findPaymentByIntentId } from '@/db/queries/billing';
import { enforcePurchaseAccess } from '../sync/access';
import type { SyncContext } from '../sync/context';

/**
 * Fulfillment grants whenever Stripe says the session is paid, and a session stays paid
 * after a refund. When the refund (or a lost dispute) was processed first — events newest
 * first — the grant must not stand: re-apply the revoking rules to the session's payment.
 */
export async function enforceAfterFulfillment(tx: Database, stripeCheckoutSessionId: string, ctx: SyncContext): Promise<boolean> {
  const session = await findCheckoutSessionByStripeId(tx, stripeCheckoutSessionId);
  if (!session?.stripePaymentIntentId) return false;
  const payment = await findPaymentByIntentId(tx, session.stripePaymentIntentId);
  if (!payment) return false;
  return (await enforcePurchaseAccess(tx, payment.id, ctx)).revoked;
}
