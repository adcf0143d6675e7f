import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { SyncContext } from '../sync/context';
import type { SyncTarget, TargetOutcomes } from './targets';

export type StripeEventType = Stripe.Event['type'];
export type EventOf<T extends StripeEventType> = Extract<Stripe.Event, { type: T }>;

/**
 * One event type's handler (one file each in handlers/). The event is only a signal:
 * `targets` names, from ids in the payload, what to re-read from Stripe; the worker reads
 * them before any transaction (once per burst, however many events name them) and converges
 * them in one transaction. `after` adds what this event type means beyond that state —
 * typically a notice — reading the converged rows, never Stripe. Both return short lines
 * that become the event's stored `result`.
 */
export type WebhookHandler<E extends Stripe.Event> = {
  targets: (event: E) => SyncTarget[];
  after?: (tx: Database, event: E, outcomes: TargetOutcomes, ctx: SyncContext) => Promise<string | null>;
};

export type WebhookHandlers = { [T in StripeEventType]?: WebhookHandler<EventOf<T>> };
