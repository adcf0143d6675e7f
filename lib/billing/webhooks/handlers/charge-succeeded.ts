import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { SyncContext } from '../../sync/context';
import { idOf } from '../../sync/ids';
import { syncPaymentIntent } from '../../sync/payments';

/** The charge carries brand, last4 and the receipt URL the payment mirrors. */
export async function handleChargeSucceeded(tx: Database, event: Stripe.ChargeSucceededEvent, ctx: SyncContext): Promise<string> {
  const intentId = idOf(event.data.object.payment_intent);
  if (!intentId) return `charge ${event.data.object.id} has no PaymentIntent; ignored`;
  const synced = await syncPaymentIntent(tx, intentId, { eventCreatedAt: ctx.eventCreatedAt });
  return `payment ${synced.paymentId} ${synced.status}${synced.stale ? ' (stale event, unchanged)' : ''}`;
}
