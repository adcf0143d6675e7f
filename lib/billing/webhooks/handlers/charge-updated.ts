import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { SyncContext } from '../../sync/context';
import { idOf } from '../../sync/ids';
import { syncPaymentIntent } from '../../sync/payments';

/** Charges change after the fact (balance transaction, dispute flag). */
export async function handleChargeUpdated(tx: Database, event: Stripe.ChargeUpdatedEvent, ctx: SyncContext): Promise<string> {
  const intentId = idOf(event.data.object.payment_intent);
  if (!intentId) return `charge ${event.data.object.id} has no PaymentIntent; ignored`;
  const synced = await syncPaymentIntent(tx, intentId, { eventCreatedAt: ctx.eventCreatedAt });
  return `payment ${synced.paymentId} ${synced.status}${synced.stale ? ' (stale event, unchanged)' : ''}`;
}
