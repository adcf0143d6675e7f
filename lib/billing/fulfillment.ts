import type { Database } from '@/db/client';

export type FulfillmentResult =
  | { status: 'fulfilled'; userId: string; courseId: string | null; mode: 'payment' | 'subscription' }
  | { status: 'processing'; userId: string; courseId: string | null }
  | { status: 'unpaid' | 'expired' | 'unknown_session' };

/**
 * The one idempotent fulfillment (DESIGN.md "Fulfillment"), called by the webhook for
 * checkout.session.completed / async_payment_succeeded and by the success page. Pass a
 * transaction to make it part of the caller's unit of work.
 * IMPLEMENTED BY: the checkout work (this is its contract).
 */
export async function fulfillCheckout(_db: Database, _stripeCheckoutSessionId: string): Promise<FulfillmentResult> {
  throw new Error('fulfillCheckout is not implemented yet');
}
