import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { SyncContext } from '../../sync/context';
import { idOf } from '../../sync/ids';
import { syncRefundsForCharge } from '../../sync/refunds';

/** The refund bounced: the money stays with us and the charge's refunded total drops again. */
export async function handleRefundFailed(tx: Database, event: Stripe.RefundFailedEvent, ctx: SyncContext): Promise<string> {
  const chargeId = idOf(event.data.object.charge);
  if (!chargeId) return `refund ${event.data.object.id} has no charge; ignored`;
  return syncRefundsForCharge(tx, chargeId, ctx);
}
