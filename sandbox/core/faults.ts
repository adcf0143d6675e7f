/**
 * Injected failures for testing a client's resilience: the next `remaining` API requests
 * whose path starts with `path` (and match `method`, if given) answer 500 or 429, or hang
 * for `hangMs` before answering 500 — longer than a client's timeout.
 */
export interface Fault {
  id: string;
  path: string;
  method: string | null;
  kind: 'error' | 'rate_limit' | 'hang';
  remaining: number;
  hangMs: number;
}

export class Faults {
  list: Fault[] = [];

  add(fault: Fault): void {
    this.list.push(fault);
  }

  /** Consumes and returns the first fault matching this request, if any. */
  take(method: string, path: string): Fault | null {
    const fault = this.list.find(
      (f) => f.remaining > 0 && path.startsWith(f.path) && (f.method === null || f.method === method),
    );
    if (!fault) return null;
    fault.remaining--;
    this.list = this.list.filter((f) => f.remaining > 0);
    return fault;
  }

  clear(): void {
    this.list = [];
  }
}
