import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { SyncContext } from '../../sync/context';
import { syncDispute } from '../../sync/disputes';

/** The dispute was won and the amount returned. */
export async function handleChargeDisputeFundsReinstated(tx: Database, event: Stripe.ChargeDisputeFundsReinstatedEvent, ctx: SyncContext): Promise<string> {
  return syncDispute(tx, event.data.object.id, ctx);
}
