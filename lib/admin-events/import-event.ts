import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { findStripeEvent, recordStripeEvent, requeueStripeEvent } from '@/db/queries/stripe-events';
import { stripeEventHandlers } from '@/lib/billing/webhooks/dispatch';
import { laneOf } from '@/lib/billing/webhooks/lanes';
import { retrieveEvent } from '@/lib/stripe/events';

export type ImportResult = { status: 'recorded' | 'requeued' | 'ignored' };

/**
 * Fetches an event Stripe could not deliver (a wrong signing secret, an outage) with the API
 * key and records it as the webhook route would have, so the workers process it. The event
 * comes from Stripe's API, not from a request body, so it needs no signature. Recording is
 * keyed by the event id: importing twice, or while Stripe's own retry arrives, records it once.
 * An event already recorded is put back in its lane instead (a replay).
 */
export async function importStripeEvent(db: Database, eventId: string, coalesceMs: number): Promise<ImportResult> {
  if (await findStripeEvent(db, eventId)) {
    return (await requeueStripeEvent(db, eventId)) ? { status: 'requeued' } : { status: 'ignored' };
  }
  const event = await retrieveEvent(eventId);
  return recordFetchedEvent(db, event, coalesceMs);
}

/** The same recording as the webhook route's ingest (lib/billing/webhooks/ingest.ts). */
export async function recordFetchedEvent(db: Database, event: Stripe.Event, coalesceMs: number): Promise<ImportResult> {
  const handled = Object.hasOwn(stripeEventHandlers, event.type);
  const object = event.data.object as unknown as Record<string, unknown>;
  const objectId = typeof object.id === 'string' ? object.id : null;
  await recordStripeEvent(
    db,
    {
      id: event.id,
      type: event.type,
      objectId,
      lane: handled ? (laneOf(event) ?? objectId ?? event.id) : null,
      apiVersion: event.api_version ?? null,
      livemode: event.livemode,
      stripeCreatedAt: new Date(event.created * 1000),
      payloadJson: JSON.stringify(event),
      coalesceMs,
    },
  );
  return { status: handled ? 'recorded' : 'ignored' };
}
