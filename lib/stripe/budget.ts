/**
 * The request budget: at most `accountPerSecond` requests to Stripe in any rolling second, and
 * at most `endpointPerSecond` to one endpoint (all `GET /v1/payment_intents/{id}` together, as
 * Stripe counts them). Stripe limits an account (100 requests/s live, 25/s in test mode) and
 * each endpoint (25/s by default) and answers 429 beyond; a burst of webhooks waits here.
 *
 * **What counts is what Stripe sees.** Stripe counts requests as they arrive, and a request
 * arrives some time after it is started here — how long depends on the event loop, the network
 * and the other side, and it varies. A window of *start* times (what this budget was before)
 * holds at the client but not at Stripe: requests started at the end of one second and delayed
 * land together with the next second's (bench:webhooks saw 87 arrive in one second at a budget
 * of 80). So a request holds its slot from the moment it may start until **one second after
 * its answer**: its arrival lies between the two, so any two requests Stripe could count in
 * one rolling second held their slots at the same time, and no second at Stripe can hold more
 * than the budget, however the requests were delayed on the way. The price is throughput: a
 * slot serves one request per (1 s + its latency).
 *
 * **One budget for the deployment.** With PostgreSQL, every process that calls Stripe (app
 * instances, workers) takes its slots from one table (`SharedRequestBudget`, migration 0021),
 * so `STRIPE_REQUEST_BUDGET` is the deployment's total, however many processes run and
 * whichever of them is busy. PGlite is one process: `LocalRequestBudget` keeps the slots in
 * memory.
 */
export type ReleaseSlot = () => void;

export interface RequestBudget {
  readonly accountPerSecond: number;
  readonly endpointPerSecond: number;
  /** Resolves when a request to `endpoint` may start; call the returned function once its answer (or error) is in. */
  acquire(endpoint: string): Promise<ReleaseSlot>;
}

/** Calls `release` at most once. */
function once(release: () => void): ReleaseSlot {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    release();
  };
}

function checkRates(account: number, endpoint: number) {
  if (!(account > 0)) throw new Error(`a request budget needs a positive rate, got ${account}`);
  if (!(endpoint > 0)) throw new Error(`a request budget needs a positive rate per endpoint, got ${endpoint}`);
}

type Slot = { endpoint: string; endedAt: number | null };
type Waiter = { endpoint: string; resolve: (release: ReleaseSlot) => void; reject: (error: unknown) => void };

/** The budget of one process (PGlite, tests, tools): slots in memory. Waiters are served in arrival order (per endpoint). */
export class LocalRequestBudget implements RequestBudget {
  private slots: Slot[] = [];
  private waiting: Waiter[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly accountPerSecond: number,
    readonly endpointPerSecond: number = accountPerSecond,
    private readonly now: () => number = Date.now,
  ) {
    checkRates(accountPerSecond, endpointPerSecond);
  }

  acquire(endpoint: string): Promise<ReleaseSlot> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ endpoint, resolve, reject });
      this.drain();
    });
  }

  /** Slots held right now: requests in flight or answered within the last second. */
  held(): number {
    this.forget(this.now());
    return this.slots.length;
  }

  private forget(now: number) {
    this.slots = this.slots.filter((s) => s.endedAt === null || s.endedAt > now - 1000);
  }

  private drain() {
    const now = this.now();
    this.forget(now);
    const perEndpoint = new Map<string, number>();
    for (const slot of this.slots) perEndpoint.set(slot.endpoint, (perEndpoint.get(slot.endpoint) ?? 0) + 1);
    const still: Waiter[] = [];
    for (const waiter of this.waiting) {
      const onEndpoint = perEndpoint.get(waiter.endpoint) ?? 0;
      if (this.slots.length < this.accountPerSecond && onEndpoint < this.endpointPerSecond) {
        const slot: Slot = { endpoint: waiter.endpoint, endedAt: null };
        this.slots.push(slot);
        perEndpoint.set(waiter.endpoint, onEndpoint + 1);
        waiter.resolve(
          once(() => {
            slot.endedAt = this.now();
            this.schedule();
          }),
        );
      } else {
        still.push(waiter);
      }
    }
    this.waiting = still;
    this.schedule();
  }

  /** Wakes when the earliest answered request leaves the window; a request still in flight schedules its own wake-up when it ends. */
  private schedule() {
    if (this.waiting.length === 0 || this.timer) return;
    let earliest = Infinity;
    for (const slot of this.slots) if (slot.endedAt !== null && slot.endedAt < earliest) earliest = slot.endedAt;
    if (earliest === Infinity) return;
    const wait = Math.max(1, earliest + 1000 - this.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.drain();
    }, wait);
    this.timer.unref?.();
  }
}

/** Where a shared budget keeps its slots (PostgreSQL: `db/queries/stripe-budget.ts`). */
export type SlotStore = {
  /** Grants slots to as many of `endpoints` (in order) as the budget allows; `retryMs`: when asking again may succeed. */
  grant(endpoints: string[], limits: { account: number; endpoint: number }): Promise<{ granted: (number | null)[]; retryMs: number }>;
  /** Marks the slots' requests answered (their slots leave the window a second later). */
  release(slots: number[]): Promise<void>;
};

/**
 * The deployment's budget: slots in a store every process shares (PostgreSQL). One grant
 * round trip serves every request waiting in this process at that moment (up to `maxBatch`);
 * answers are marked in batches. A release that never reaches the store (a crash) frees its
 * slot after the store's in-flight limit.
 */
export class SharedRequestBudget implements RequestBudget {
  private waiting: Waiter[] = [];
  private pumping = false;
  private timer: NodeJS.Timeout | null = null;
  private releases: number[] = [];
  private flushing: NodeJS.Immediate | null = null;
  private asking: NodeJS.Immediate | null = null;

  constructor(
    readonly accountPerSecond: number,
    readonly endpointPerSecond: number,
    private readonly store: SlotStore,
    private readonly options: { maxBatch?: number; onError?: (error: unknown, what: 'grant' | 'release') => void } = {},
  ) {
    checkRates(accountPerSecond, endpointPerSecond);
  }

  acquire(endpoint: string): Promise<ReleaseSlot> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ endpoint, resolve, reject });
      // Asked on the next turn of the event loop, so the requests a batch starts together share one round trip.
      this.asking ??= setImmediate(() => {
        this.asking = null;
        this.pump();
      });
    });
  }

  private pump() {
    if (this.pumping || this.timer || this.waiting.length === 0) return;
    this.pumping = true;
    const batch = this.waiting.slice(0, this.options.maxBatch ?? 64);
    this.store.grant(batch.map((w) => w.endpoint), { account: this.accountPerSecond, endpoint: this.endpointPerSecond }).then(
      ({ granted, retryMs }) => {
        const refused: Waiter[] = [];
        batch.forEach((waiter, i) => {
          const slot = granted[i];
          if (slot === null || slot === undefined) refused.push(waiter);
          else waiter.resolve(once(() => this.release(slot)));
        });
        this.waiting = [...refused, ...this.waiting.slice(batch.length)];
        this.pumping = false;
        if (refused.length > 0) this.wait(retryMs);
        else this.pump();
      },
      (error: unknown) => {
        // The store is unreachable: these requests fail (the SDK retries them as network errors).
        this.options.onError?.(error, 'grant');
        this.waiting = this.waiting.slice(batch.length);
        this.pumping = false;
        for (const waiter of batch) waiter.reject(error);
        this.pump();
      },
    );
  }

  private wait(ms: number) {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pump();
    }, Math.max(1, ms));
    this.timer.unref?.();
  }

  private release(slot: number) {
    this.releases.push(slot);
    this.flushing ??= setImmediate(() => {
      this.flushing = null;
      const slots = this.releases.splice(0);
      this.store.release(slots).catch((error: unknown) => this.options.onError?.(error, 'release'));
    });
  }
}

/** An object id (`pi_3Q…`, `cs_test_a1…`, even without a digit), not a resource name (`payment_intents`). */
function isObjectId(segment: string): boolean {
  const match = /^[a-z]{1,8}_(?:test_|live_)?([A-Za-z0-9]{8,})$/.exec(segment);
  return match !== null && /[A-Z0-9]/.test(match[1] as string);
}

/**
 * The endpoint a request counts against: method and path with object ids replaced, so all
 * `GET /v1/payment_intents/pi_…` share one budget, as Stripe counts them.
 */
export function endpointOf(method: string, path: string): string {
  const bare = path.split('?')[0] ?? path;
  const segments = bare.split('/').map((segment) => (isObjectId(segment) ? ':id' : segment));
  return `${method.toUpperCase()} ${segments.join('/')}`;
}
