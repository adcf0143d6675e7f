import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { SyncContext } from '../../sync/context';
import { syncDispute } from '../../sync/disputes';

/** Won restores the payment; lost charges it back and revokes the purchase. */
export async function handleChargeDisputeClosed(tx: Database, event: Stripe.ChargeDisputeClosedEvent, ctx: SyncContext): Promise<string> {
  return syncDispute(tx, event.data.object.id, ctx);
}
