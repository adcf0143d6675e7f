import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { SyncContext } from '../../sync/context';
import { syncDispute } from '../../sync/disputes';

/** Evidence or status changed. */
export async function handleChargeDisputeUpdated(tx: Database, event: Stripe.ChargeDisputeUpdatedEvent, ctx: SyncContext): Promise<string> {
  return syncDispute(tx, event.data.object.id, ctx);
}
