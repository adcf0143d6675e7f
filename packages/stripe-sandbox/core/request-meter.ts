/**
 * Counts the API requests the sandbox serves (`/v1/…`), the way Stripe's dashboard counts an
 * account's requests: in all, by endpoint (method and path with object ids replaced), and
 * the most that arrived within one rolling second. Benchmarks read it (`GET
 * /_sandbox/requests`) to report Stripe calls per event and to check that a client kept to
 * its request budget; `POST /_sandbox/requests/reset` starts a new count.
 */
export type RequestMeterReport = {
  since: number;
  total: number;
  peakPerSecond: number;
  byEndpoint: Record<string, number>;
};

/** An object id (`pi_3Q…`, `cs_test_a1…`), as opposed to a resource name (`payment_intents`). */
export function isObjectId(segment: string): boolean {
  const match = /^[a-z]{1,8}_(?:test_|live_)?([A-Za-z0-9]{8,})$/.exec(segment);
  return match !== null && /[A-Z0-9]/.test(match[1] as string);
}

export function endpointPattern(method: string, path: string): string {
  const segments = path.split('/').map((segment) => (isObjectId(segment) ? ':id' : segment));
  return `${method.toUpperCase()} ${segments.join('/')}`;
}

export class RequestMeter {
  private since = Date.now();
  private total = 0;
  private peak = 0;
  private readonly recent: number[] = [];
  private readonly byEndpoint = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one request as it arrives, before any injected latency or fault. */
  record(method: string, path: string): void {
    const at = this.now();
    this.total += 1;
    const key = endpointPattern(method, path);
    this.byEndpoint.set(key, (this.byEndpoint.get(key) ?? 0) + 1);
    this.recent.push(at);
    while (this.recent.length > 0 && (this.recent[0] as number) <= at - 1000) this.recent.shift();
    if (this.recent.length > this.peak) this.peak = this.recent.length;
  }

  report(): RequestMeterReport {
    return { since: this.since, total: this.total, peakPerSecond: this.peak, byEndpoint: Object.fromEntries([...this.byEndpoint].sort((a, b) => b[1] - a[1])) };
  }

  reset(): void {
    this.since = this.now();
    this.total = 0;
    this.peak = 0;
    this.recent.length = 0;
    this.byEndpoint.clear();
  }
}
