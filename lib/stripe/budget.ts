/**
 * A request budget: at most `perSecond` requests start in any rolling second. Stripe limits
 * an account (100 requests/s live, 25/s in test mode) and each endpoint (25/s by default),
 * and answers 429 beyond; a burst of webhooks must queue here instead. Waiters are served in
 * arrival order. A sliding window rather than a token bucket: a bucket lets a full burst
 * plus a second of refill through in one second, this never lets more than `perSecond`.
 */
export class RollingWindowBudget {
  private readonly starts: number[] = [];
  private readonly waiting: Array<() => void> = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(perSecond > 0)) throw new Error(`a request budget needs a positive rate, got ${perSecond}`);
  }

  /** Resolves when a request may start; the start is counted at that moment. */
  acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.drain();
    });
  }

  /** Requests that started in the last second (for metrics and tests). */
  inWindow(): number {
    this.forgetOld(this.now());
    return this.starts.length;
  }

  private forgetOld(now: number) {
    while (this.starts.length > 0 && (this.starts[0] as number) <= now - 1000) this.starts.shift();
  }

  private drain() {
    if (this.timer) return;
    const now = this.now();
    this.forgetOld(now);
    while (this.waiting.length > 0 && this.starts.length < this.perSecond) {
      this.starts.push(now);
      this.waiting.shift()?.();
    }
    if (this.waiting.length === 0) return;
    // Full: wake when the oldest start leaves the window.
    const wait = Math.max(1, (this.starts[0] as number) + 1000 - now);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.drain();
    }, wait);
    this.timer.unref?.();
  }
}

/** A budget for the process and one per endpoint ("GET /v1/subscriptions/:id"). */
export class StripeRequestBudget {
  private readonly endpoints = new Map<string, RollingWindowBudget>();
  readonly account: RollingWindowBudget;

  constructor(
    readonly accountPerSecond: number,
    readonly endpointPerSecond: number,
  ) {
    this.account = new RollingWindowBudget(accountPerSecond);
  }

  async acquire(endpoint: string): Promise<void> {
    let budget = this.endpoints.get(endpoint);
    if (!budget) {
      budget = new RollingWindowBudget(this.endpointPerSecond);
      this.endpoints.set(endpoint, budget);
    }
    await budget.acquire();
    await this.account.acquire();
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
