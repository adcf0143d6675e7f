import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LocalRequestBudget } from './budget';

/** The most of `times` that fall in one rolling second [t, t + 1000). */
function peakPerSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while ((sorted[i] as number) <= (sorted[j] as number) - 1000) i++;
    peak = Math.max(peak, j - i + 1);
  }
  return peak;
}

describe('LocalRequestBudget', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  // Stripe counts requests when they arrive. Between "may start" here and the arrival there
  // is the event loop, the socket and the network, and that delay varies. bench:webhooks saw
  // 87 arrivals in one second at a budget of 80 that counted start times.
  it('Stripe never sees more than the budget in a rolling second, however long each request takes to arrive', async () => {
    const budget = new LocalRequestBudget(10, 10);
    const arrivals: number[] = [];
    // Delays on the way of 0–300 ms, answers 150 ms after arrival: a saturating client.
    const delays = Array.from({ length: 120 }, (_, i) => ((i * 37) % 7) * 50);
    const requests = delays.map(async (delay) => {
      const release = await budget.acquire('GET /v1/payment_intents/:id');
      await new Promise((r) => setTimeout(r, delay));
      arrivals.push(Date.now());
      await new Promise((r) => setTimeout(r, 150));
      release();
    });
    await vi.runAllTimersAsync();
    await Promise.all(requests);
    expect(arrivals).toHaveLength(120);
    expect(peakPerSecond(arrivals)).toBeLessThanOrEqual(10);
    // …and it still uses the budget: a slot serves a request per (1 s + its time in flight).
    expect(peakPerSecond(arrivals)).toBeGreaterThanOrEqual(7);
  });

  it('holds a slot per endpoint too, and serves other endpoints meanwhile', async () => {
    const budget = new LocalRequestBudget(10, 2);
    const granted: string[] = [];
    const hold = ['a', 'a', 'a', 'b'].map(async (endpoint) => {
      const release = await budget.acquire(endpoint);
      granted.push(endpoint);
      return release;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toEqual(['a', 'a', 'b']);
    const releases = await Promise.all(hold.filter((_, i) => i !== 2));
    releases.forEach((release) => release());
    await vi.advanceTimersByTimeAsync(999);
    expect(granted).toHaveLength(3); // the answered slots still count for a second
    await vi.advanceTimersByTimeAsync(2);
    expect(granted).toEqual(['a', 'a', 'b', 'a']);
    expect(budget.held()).toBe(1);
  });

  it('a slot whose request is still in flight is never given to another', async () => {
    const budget = new LocalRequestBudget(1, 1);
    const first = await budget.acquire('x');
    let second = false;
    void budget.acquire('x').then(() => (second = true));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(second).toBe(false);
    first();
    await vi.advanceTimersByTimeAsync(999);
    expect(second).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    expect(second).toBe(true);
  });
});
