import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { SyncContext } from '../../sync/context';
import { syncDispute } from '../../sync/disputes';

/** A chargeback opened: the payment is disputed until it closes. */
export async function handleChargeDisputeCreated(tx: Database, event: Stripe.ChargeDisputeCreatedEvent, ctx: SyncContext): Promise<string> {
  return syncDispute(tx, event.data.object.id, ctx);
}
