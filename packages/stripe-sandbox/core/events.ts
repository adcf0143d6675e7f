import type Stripe from 'stripe';
import { ids } from './ids';
import { requestContext } from './request-context';
import type { Clock } from './clock';
import type { Store } from './store';
import type { EventObjectOf, Wire, WireEventOf } from './wire';

export const API_VERSION = '2026-10-28.endive';

export type EventType = Stripe.Event['type'];
export type StoredEvent = Omit<Wire<Stripe.EventBase>, 'data'> & { data: { object: object; previous_attributes?: object } };

export type EventListener = (event: StoredEvent) => void;

/**
 * Creates Stripe events. `data.object` is a snapshot taken now, as Stripe's is; the
 * event type fixes the object's type at compile time.
 */
export class EventBus {
  private listeners: EventListener[] = [];

  constructor(
    private store: Store,
    private clock: Clock,
  ) {}

  subscribe(listener: EventListener): void {
    this.listeners.push(listener);
  }

  emit<T extends EventType>(
    type: T,
    object: EventObjectOf<T>,
    previousAttributes?: Partial<EventObjectOf<T>>,
  ): WireEventOf<T> {
    const req = requestContext.getStore();
    const event = {
      id: ids.event(),
      object: 'event' as const,
      api_version: API_VERSION,
      created: this.clock.now(),
      data: {
        object: structuredClone(object) as object,
        ...(previousAttributes ? { previous_attributes: structuredClone(previousAttributes) as object } : {}),
      },
      livemode: false,
      pending_webhooks: 0,
      request: { id: req?.id ?? null, idempotency_key: req?.idempotencyKey ?? null },
      type,
    } satisfies StoredEvent;
    this.store.put(event);
    for (const l of this.listeners) l(event);
    return event as unknown as WireEventOf<T>;
  }
}

/** The attributes of `before` that differ from `after`, for `previous_attributes`. */
export function changedAttributes<T extends object>(before: T, after: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(after) as Array<keyof T>) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out[key] = before[key];
  }
  return out;
}
