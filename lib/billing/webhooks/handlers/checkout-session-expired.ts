import { and, eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { checkoutSessions } from '@/db/schema';

/** Nobody paid in time. Only an open session expires: a completed one stays completed. */
export async function handleCheckoutSessionExpired(tx: Database, event: Stripe.CheckoutSessionExpiredEvent): Promise<string> {
  const rows = await tx
    .update(checkoutSessions)
    .set({ status: 'expired', updatedAt: sql`now()` })
    .where(and(eq(checkoutSessions.stripeCheckoutSessionId, event.data.object.id), eq(checkoutSessions.status, 'open')))
    .returning({ id: checkoutSessions.id });
  return rows.length ? `checkout ${event.data.object.id} expired` : `checkout ${event.data.object.id}: not open here; unchanged`;
}
