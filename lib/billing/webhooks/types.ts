import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { SyncContext } from '../sync/context';

export type StripeEventType = Stripe.Event['type'];
export type EventOf<T extends StripeEventType> = Extract<Stripe.Event, { type: T }>;

/**
 * One event type's handler. It runs inside the event's transaction (`tx`), writes every
 * effect there, and returns a one-line account stored as the event's `result`.
 */
export type WebhookHandler<E extends Stripe.Event> = (tx: Database, event: E, ctx: SyncContext) => Promise<string>;

export type WebhookHandlers = { [T in StripeEventType]?: WebhookHandler<EventOf<T>> };
