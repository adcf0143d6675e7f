import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { SyncContext } from '../../sync/context';
import { idOf } from '../../sync/ids';
import { syncRefundsForCharge } from '../../sync/refunds';

/** A refund settled (or changed): its notice and, when the whole amount is back, the revocation follow. */
export async function handleRefundUpdated(tx: Database, event: Stripe.RefundUpdatedEvent, ctx: SyncContext): Promise<string> {
  const chargeId = idOf(event.data.object.charge);
  if (!chargeId) return `refund ${event.data.object.id} has no charge; ignored`;
  return syncRefundsForCharge(tx, chargeId, ctx);
}
