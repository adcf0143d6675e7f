import type Stripe from 'stripe';
import { stripeCall } from './client';

// Stripe's own record of events, for the admin's events page: what Stripe could not deliver
// (a wrong signing secret, an outage) and the event itself, fetched with the API key.

export type UndeliveredEvent = { id: string; type: string; created: Date; pendingWebhooks: number };

/**
 * Events from the last `sinceSeconds` that Stripe has not delivered successfully to any
 * endpoint (`delivery_success=false`), newest first. Stripe retries those for up to three days.
 */
export async function listUndeliveredEvents(sinceSeconds: number, limit = 50): Promise<UndeliveredEvent[]> {
  const since = Math.floor(Date.now() / 1000) - sinceSeconds;
  const page = await stripeCall('event.list_undelivered', (stripe) => stripe.events.list({ delivery_success: false, created: { gte: since }, limit }));
  return page.data.map((event) => ({ id: event.id, type: event.type, created: new Date(event.created * 1000), pendingWebhooks: event.pending_webhooks }));
}

/** One event as Stripe holds it: retrieved with the API key, so it needs no signature. */
export function retrieveEvent(id: string): Promise<Stripe.Event> {
  return stripeCall('event.retrieve', (stripe) => stripe.events.retrieve(id));
}
