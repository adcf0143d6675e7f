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

/** What changed since the persistence layer last looked (see `Persistence.flush`). */
export interface Dirty {
  /** The whole state was replaced (reset, load): write a snapshot. */
  all: boolean;
  objects: Map<string, Set<string>>;
  internal: Map<string, Set<string>>;
  deliveries: Set<string>;
  idempotency: Set<string>;
  /** `seq`, `settings` or `scheduled` changed (small; written whole). */
  meta: boolean;
}

const emptyDirty = (all = false): Dirty => ({
  all,
  objects: new Map(),
  internal: new Map(),
  deliveries: new Set(),
  idempotency: new Set(),
  meta: false,
});

export class Store {
  state: SandboxState;
  private listeners: Array<() => void> = [];
  private dirty: Dirty = emptyDirty();
  private proxies = new Map<string, Record<string, unknown>>();

  constructor(state: SandboxState = emptyState()) {
    this.state = state;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /**
   * Something changed. Without a more specific `touch…` call the change is taken to be in
   * the small parts of the state (settings, scheduled work, the sequence).
   */
  touch(): void {
    this.dirty.meta = true;
    this.notify();
  }

  touchDelivery(id: string): void {
    this.dirty.deliveries.add(id);
    this.notify();
  }

  touchIdempotency(key: string): void {
    this.dirty.idempotency.add(key);
    this.notify();
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }

  private mark(map: Map<string, Set<string>>, group: string, key: string): void {
    let set = map.get(group);
    if (!set) map.set(group, (set = new Set()));
    set.add(key);
  }

  /** Hands the changes to the caller (persistence) and starts a new set. */
  takeDirty(): Dirty {
    const d = this.dirty;
    this.dirty = emptyDirty();
    return d;
  }

  replace(state: SandboxState): void {
    this.state = state;
    this.proxies.clear();
    this.dirty = emptyDirty(true);
    this.notify();
  }

  put<T extends StoredObject>(obj: T): T {
    const coll = (this.state.objects[obj.object] ??= {});
    if (!(obj.id in coll)) {
      this.state.order[obj.id] = ++this.state.seq;
      this.dirty.meta = true;
    }
    coll[obj.id] = obj;
    this.mark(this.dirty.objects, obj.object, obj.id);
    this.notify();
    return obj;
  }

  get<T extends StoredObject>(collection: string, id: string): T | undefined {
    return this.state.objects[collection]?.[id] as T | undefined;
  }

  remove(collection: string, id: string): void {
    const coll = this.state.objects[collection];
    if (coll) delete coll[id];
    delete this.state.order[id];
    this.mark(this.dirty.objects, collection, id);
    this.notify();
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

  /**
   * A namespace of server-side facts. The record is watched: a key that is set, deleted, or
   * read as an object (which the caller may change in place) is written at the next flush.
   */
  internal<T>(namespace: string): Record<string, T> {
    const cached = this.proxies.get(namespace);
    if (cached) return cached as Record<string, T>;
    const target = (this.state.internal[namespace] ??= {});
    const touched = (key: string | symbol) => {
      if (typeof key !== 'string') return;
      this.mark(this.dirty.internal, namespace, key);
      this.notify();
    };
    const proxy = new Proxy(target, {
      set(t, key, value) {
        (t as Record<string | symbol, unknown>)[key] = value;
        touched(key);
        return true;
      },
      deleteProperty(t, key) {
        delete (t as Record<string | symbol, unknown>)[key];
        touched(key);
        return true;
      },
      get(t, key) {
        const value = (t as Record<string | symbol, unknown>)[key];
        if (value !== null && typeof value === 'object') touched(key);
        return value;
      },
    });
    this.proxies.set(namespace, proxy);
    return proxy as Record<string, T>;
  }

  setInternal<T>(namespace: string, key: string, value: T): void {
    this.internal<T>(namespace)[key] = value;
  }
}
