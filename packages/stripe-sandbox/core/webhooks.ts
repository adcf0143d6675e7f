import { createHmac } from 'node:crypto';
import { ids } from './ids';
import type { Scheduler } from './scheduler';
import type { DeliveryRecord, Store } from './store';
import type { StoredEvent } from './events';

export interface WebhookOptions {
  /** Multiplies Stripe's retry delays (1 = real time; tests use e.g. 0.001). */
  retryScale: number;
  /** Total attempts per delivery, the first included. Stripe test mode tries 4 times. */
  maxAttempts: number;
  /** How long an endpoint may take to answer before the attempt counts as failed. */
  timeoutMs: number;
}

/** Stripe retries with growing gaps; in test mode three retries over a few hours. */
const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 60 * 60_000, 6 * 60 * 60_000, 12 * 60 * 60_000];

export const WEBHOOK_SECRETS = 'webhook_secrets';

export interface EndpointLike {
  id: string;
  url: string;
  status: string;
  enabled_events: string[];
}

/** `Stripe-Signature` exactly as Stripe computes it: HMAC-SHA256 over `${t}.${payload}`. */
export function signPayload(payload: string, secret: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

export class WebhookDispatcher {
  private queues = new Map<string, Promise<void>>();
  private inflight = new Set<Promise<void>>();
  paused = false;

  constructor(
    private store: Store,
    private scheduler: Scheduler,
    private options: WebhookOptions,
  ) {
    scheduler.register('webhook.attempt', (payload) => {
      const delivery = this.findDelivery(String(payload.deliveryId));
      if (delivery && delivery.status === 'pending') this.attempt(delivery);
    });
  }

  endpoints(): EndpointLike[] {
    return this.store.all<EndpointLike & { object: string }>('webhook_endpoint');
  }

  private findDelivery(id: string): DeliveryRecord | undefined {
    return this.store.state.deliveries.find((d) => d.id === id);
  }

  private matches(endpoint: EndpointLike, type: string): boolean {
    return endpoint.status === 'enabled' && (endpoint.enabled_events.includes('*') || endpoint.enabled_events.includes(type));
  }

  /** Called for every new event: one delivery per matching endpoint. */
  enqueue(event: StoredEvent): void {
    const targets = this.endpoints().filter((e) => this.matches(e, event.type));
    event.pending_webhooks = targets.length;
    for (const endpoint of targets) this.send(event, endpoint);
  }

  /**
   * Sends an event (again) to one endpoint: used for redelivery and duplicates too.
   * `force` sends even while automatic delivery is paused (explicit control-API deliveries).
   */
  send(event: StoredEvent, endpoint: EndpointLike, force = false): DeliveryRecord {
    const delivery: DeliveryRecord = {
      id: ids.delivery(),
      eventId: event.id,
      eventType: event.type,
      endpointId: endpoint.id,
      url: endpoint.url,
      status: 'pending',
      attempts: [],
      nextAttemptAt: Date.now(),
      createdAt: Date.now(),
    };
    this.store.state.deliveries.push(delivery);
    this.store.touchDelivery(delivery.id);
    if (!this.paused || force) this.attempt(delivery);
    return delivery;
  }

  /** Resumes delivery; pending first attempts go out in `order`. */
  flush(order: 'emitted' | 'reverse' = 'emitted'): void {
    this.paused = false;
    const waiting = this.store.state.deliveries.filter((d) => d.status === 'pending' && d.attempts.length === 0);
    if (order === 'reverse') waiting.reverse();
    for (const d of waiting) this.attempt(d);
  }

  /** Attempts are serialised per endpoint so a flow's events arrive in emission order. */
  private attempt(delivery: DeliveryRecord): void {
    const prev = this.queues.get(delivery.endpointId) ?? Promise.resolve();
    const next = prev.then(() => this.post(delivery));
    this.queues.set(delivery.endpointId, next);
    this.inflight.add(next);
    void next.finally(() => {
      this.inflight.delete(next);
      if (this.queues.get(delivery.endpointId) === next) this.queues.delete(delivery.endpointId);
    });
  }

  private async post(delivery: DeliveryRecord): Promise<void> {
    const event = this.store.get<StoredEvent>('event', delivery.eventId);
    const secret = this.store.internal<string>(WEBHOOK_SECRETS)[delivery.endpointId];
    if (!event || !secret || delivery.status !== 'pending') return;
    const payload = JSON.stringify(event, null, 2);
    const timestamp = Math.floor(Date.now() / 1000);
    const started = Date.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'stripe-signature': signPayload(payload, secret, timestamp),
        },
        body: payload,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (err) {
      error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
    delivery.attempts.push({ at: started, status, error, durationMs: Date.now() - started });
    if (error === null) {
      delivery.status = 'succeeded';
      delivery.nextAttemptAt = null;
      event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
    } else if (delivery.attempts.length >= this.options.maxAttempts) {
      delivery.status = 'failed';
      delivery.nextAttemptAt = null;
    } else {
      const base = RETRY_DELAYS_MS[delivery.attempts.length - 1] ?? RETRY_DELAYS_MS[RETRY_DELAYS_MS.length - 1] ?? 0;
      const delay = Math.round(base * this.options.retryScale);
      delivery.nextAttemptAt = Date.now() + delay;
      this.scheduler.schedule('webhook.attempt', delay, { deliveryId: delivery.id });
    }
    this.store.touchDelivery(delivery.id);
    // The event's pending_webhooks changed too.
    this.store.put(event);
  }

  /**
   * After a restart: first attempts that never went out are sent now; retries already
   * have a persisted scheduler task.
   */
  resumePending(): void {
    const scheduled = new Set(
      this.store.state.scheduled.filter((t) => t.kind === 'webhook.attempt').map((t) => String(t.payload.deliveryId)),
    );
    for (const d of this.store.state.deliveries) {
      if (d.status === 'pending' && !scheduled.has(d.id)) this.attempt(d);
    }
  }

  /** Resolves once no delivery attempt is running (scheduled retries may still follow). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }
}
