/**
 * Counts of what this process asked Stripe: HTTP requests by endpoint and status (every
 * attempt, retries included) and named operations by outcome. Benchmarks read them to
 * report Stripe calls per event; /api/metrics exports them.
 */
export type StripeCallStats = {
  requests: Map<string, number>;
  operations: Map<string, number>;
  /** The most requests that started within one rolling second, since the last reset. */
  peakPerSecond: number;
};

// On globalThis: Next bundles server code more than once (instrumentation's jobs, route
// handlers, actions), and /api/metrics must see the calls every bundle made.
const store = globalThis as unknown as { bursarStripeCallStats?: StripeCallStats };
const stats: StripeCallStats = (store.bursarStripeCallStats ??= { requests: new Map(), operations: new Map(), peakPerSecond: 0 });

function bump(map: Map<string, number>, key: string) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export function countRequest(endpoint: string, status: number | 'error') {
  bump(stats.requests, `${endpoint} ${status}`);
}

export function countOperation(operation: string, outcome: string) {
  bump(stats.operations, `${operation} ${outcome}`);
}

export function notePeak(inWindow: number) {
  if (inWindow > stats.peakPerSecond) stats.peakPerSecond = inWindow;
}

export function getStripeCallStats(): StripeCallStats {
  return stats;
}

/** Total HTTP requests sent (every attempt). */
export function totalStripeRequests(): number {
  let total = 0;
  for (const count of stats.requests.values()) total += count;
  return total;
}

export function resetStripeCallStats() {
  stats.requests.clear();
  stats.operations.clear();
  stats.peakPerSecond = 0;
}
