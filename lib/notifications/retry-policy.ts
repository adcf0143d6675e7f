/** Attempts (including the first) before a message is parked as `failed` for an admin. */
export const MAX_DELIVERY_ATTEMPTS = 8;

/**
 * How long a claimed message stays `sending` before another worker may take it over. Long
 * enough for a slow provider call, short enough that a crashed worker delays mail by minutes.
 */
export const DELIVERY_LEASE_MS = 5 * 60_000;

const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 2 * 60 * 60_000;

/**
 * Delay before the next try after `attempts` failed tries: 30 s · 2^attempts (1 min, 2, 4, …),
 * capped at 2 h, so eight attempts span about two hours of provider outage before an admin
 * is asked. ±25 % jitter spreads a burst of failures (one outage) so the retries do not
 * arrive at the provider in one wave.
 */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const exponential = Math.min(BASE_DELAY_MS * 2 ** Math.max(attempts, 0), MAX_DELAY_MS);
  return Math.round(exponential * (0.75 + 0.5 * random()));
}
