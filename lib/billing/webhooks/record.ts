import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { stripeEvents } from '@/db/schema';

function objectIdOf(event: Stripe.Event): string | null {
  const object = event.data.object as { id?: unknown };
  return typeof object.id === 'string' ? object.id : null;
}

/**
 * Records a verified event once, keyed by Stripe's event id. A duplicate delivery, on this
 * or another app instance, is a no-op insert (ON CONFLICT DO NOTHING), never an error.
 */
export async function recordStripeEvent(db: Database, event: Stripe.Event): Promise<{ inserted: boolean }> {
  const rows = await db
    .insert(stripeEvents)
    .values({
      id: event.id,
      type: event.type,
      objectId: objectIdOf(event),
      apiVersion: event.api_version,
      livemode: event.livemode,
      stripeCreatedAt: new Date(event.created * 1000),
      payload: event as unknown as Record<string, unknown>,
    })
    .onConflictDoNothing({ target: stripeEvents.id })
    .returning({ id: stripeEvents.id });
  return { inserted: rows.length > 0 };
}
