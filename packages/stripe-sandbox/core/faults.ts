/**
 * Injected failures for testing a client's resilience: the next `remaining` API requests
 * whose path starts with `path` (and match `method`, if given) answer 500 or 429, or hang
 * for `hangMs` before answering 500 — longer than a client's timeout.
 *
 * A `latency` fault answers normally but first waits `latencyMs`, the way a real API call
 * over the network takes 100–300 ms: benchmarks use it to see what a client does when every
 * call is slow. It applies to every matching request until cleared (or to the next `remaining`
 * ones when a count was given), and adds to other faults rather than consuming them.
 */
export interface Fault {
  id: string;
  path: string;
  method: string | null;
  kind: 'error' | 'rate_limit' | 'hang' | 'latency';
  /** Requests left; null means every matching request until the fault is cleared. */
  remaining: number | null;
  hangMs: number;
  latencyMs: number;
}

export class Faults {
  list: Fault[] = [];

  add(fault: Fault): void {
    this.list.push(fault);
  }

  private matches(f: Fault, method: string, path: string): boolean {
    return (f.remaining === null || f.remaining > 0) && path.startsWith(f.path) && (f.method === null || f.method === method);
  }

  private consume(fault: Fault): void {
    if (fault.remaining === null) return;
    fault.remaining--;
    this.list = this.list.filter((f) => f.remaining === null || f.remaining > 0);
  }

  /** Consumes and returns the first failing fault (error, rate limit, hang) matching this request. */
  take(method: string, path: string): Fault | null {
    const fault = this.list.find((f) => f.kind !== 'latency' && this.matches(f, method, path));
    if (!fault) return null;
    this.consume(fault);
    return fault;
  }

  /** Milliseconds this request waits before it is served: the sum of matching latency faults. */
  takeLatency(method: string, path: string): number {
    let total = 0;
    for (const fault of this.list.filter((f) => f.kind === 'latency' && this.matches(f, method, path))) {
      total += fault.latencyMs;
      this.consume(fault);
    }
    return total;
  }

  clear(): void {
    this.list = [];
  }
}
