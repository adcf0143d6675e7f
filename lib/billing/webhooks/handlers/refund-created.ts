import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { SyncContext } from '../../sync/context';
import { idOf } from '../../sync/ids';
import { syncRefundsForCharge } from '../../sync/refunds';

/** A refund was requested (card refunds may settle at once, others later). */
export async function handleRefundCreated(tx: Database, event: Stripe.RefundCreatedEvent, ctx: SyncContext): Promise<string> {
  const chargeId = idOf(event.data.object.charge);
  if (!chargeId) return `refund ${event.data.object.id} has no charge; ignored`;
  return syncRefundsForCharge(tx, chargeId, ctx);
}
