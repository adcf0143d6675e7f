import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { PaymentStatus } from '@/db/schema/enums';

export type PaymentContext = {
  /** `created` of the event being applied; older than the row's last_event_at = stale. */
  eventCreatedAt?: Date;
  userId?: string | null;
  courseId?: string | null;
  checkoutSessionId?: string | null;
  stripeInvoiceId?: string | null;
};

/**
 * Converges the `payments` row for a PaymentIntent (expanded `latest_charge` when present:
 * brand, last4, receipt URL, fee/net from its balance transaction) through the payment
 * status machine. Idempotent; a transition backwards changes nothing and reports `stale`.
 * IMPLEMENTED BY: the webhook pipeline work (this is its contract).
 */
export async function upsertPaymentFromIntent(
  _db: Database,
  _intent: Stripe.PaymentIntent,
  _context: PaymentContext = {},
): Promise<{ paymentId: string; status: PaymentStatus; changed: boolean; stale: boolean }> {
  throw new Error('upsertPaymentFromIntent is not implemented yet');
}
