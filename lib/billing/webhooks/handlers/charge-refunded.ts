import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { SyncContext } from '../../sync/context';
import { syncRefundsForCharge } from '../../sync/refunds';

/** A full or partial refund on the charge: converge the payment and its refunds. */
export async function handleChargeRefunded(tx: Database, event: Stripe.ChargeRefundedEvent, ctx: SyncContext): Promise<string> {
  return syncRefundsForCharge(tx, event.data.object.id, ctx);
}
