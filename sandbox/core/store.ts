/**
 * All sandbox state lives in one JSON-serialisable structure so it can be persisted and
 * reset in one step. Objects are stored by collection (Stripe's `object` name, e.g.
 * `checkout.session`) exactly as they go over the wire. `internal` holds sandbox-only facts
 * that Stripe keeps server-side (a card's test behaviour, a session's line items, …),
 * namespaced so later resources add their own without touching this file.
 */
export interface StoredObject {
  id: string;
  object: string;
  created?: number;
}

export interface IdempotencyRecord {
  method: string;
  path: string;
  paramsHash: string;
  status: number;
  body: string;
  createdAt: number;
}

export interface DeliveryAttempt {
  at: number;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface DeliveryRecord {
  id: string;
  eventId: string;
  eventType: string;
  endpointId: string;
  url: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: DeliveryAttempt[];
  nextAttemptAt: number | null;
  createdAt: number;
}

export interface ScheduledTask {
  id: string;
  kind: string;
  runAt: number; // epoch ms
  payload: Record<string, unknown>;
}

/** Settings changed through the control API, kept with the state. */
export interface SandboxSettings {
  dunning?: { retryDays: number[]; finalAction: 'cancel' | 'unpaid' | 'past_due' };
  clockOffsetMs?: number;
}

export interface SandboxState {
  version: 1;
  settings?: SandboxSettings;
  seq: number;
  objects: Record<string, Record<string, StoredObject>>;
  order: Record<string, number>;
  internal: Record<string, Record<string, unknown>>;
  deliveries: DeliveryRecord[];
  idempotency: Record<string, IdempotencyRecord>;
  scheduled: ScheduledTask[];
}

export function emptyState(): SandboxState {
  return { version: 1, seq: 0, objects: {}, order: {}, internal: {}, deliveries: [], idempotency: {}, scheduled: [] };
}

export class Store {
  state: SandboxState;
  private listeners: Array<() => void> = [];

  constructor(state: SandboxState = emptyState()) {
    this.state = state;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  touch(): void {
    for (const l of this.listeners) l();
  }

  replace(state: SandboxState): void {
    this.state = state;
    this.touch();
  }

  put<T extends StoredObject>(obj: T): T {
    const coll = (this.state.objects[obj.object] ??= {});
    if (!(obj.id in coll)) this.state.order[obj.id] = ++this.state.seq;
    coll[obj.id] = obj;
    this.touch();
    return obj;
  }

  get<T extends StoredObject>(collection: string, id: string): T | undefined {
    return this.state.objects[collection]?.[id] as T | undefined;
  }

  remove(collection: string, id: string): void {
    const coll = this.state.objects[collection];
    if (coll) delete coll[id];
    delete this.state.order[id];
    this.touch();
  }

  /** Finds an object by id in any collection (used by `expand`). */
  findById(id: string): StoredObject | undefined {
    for (const coll of Object.values(this.state.objects)) {
      const hit = coll[id];
      if (hit) return hit;
    }
    return undefined;
  }

  /** Newest first, as Stripe lists: by `created`, then by insertion order. */
  all<T extends StoredObject>(collection: string): T[] {
    const coll = this.state.objects[collection] ?? {};
    const order = this.state.order;
    return (Object.values(coll) as T[]).sort(
      (a, b) => (b.created ?? 0) - (a.created ?? 0) || (order[b.id] ?? 0) - (order[a.id] ?? 0),
    );
  }

  internal<T>(namespace: string): Record<string, T> {
    return (this.state.internal[namespace] ??= {}) as Record<string, T>;
  }

  setInternal<T>(namespace: string, key: string, value: T): void {
    this.internal<T>(namespace)[key] = value;
    this.touch();
  }
}
