import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { SyncContext } from '../../sync/context';
import { syncDispute } from '../../sync/disputes';

/** Stripe took the disputed amount and fee from the balance. */
export async function handleChargeDisputeFundsWithdrawn(tx: Database, event: Stripe.ChargeDisputeFundsWithdrawnEvent, ctx: SyncContext): Promise<string> {
  return syncDispute(tx, event.data.object.id, ctx);
}
