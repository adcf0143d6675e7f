import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LocalRequestBudget, SharedRequestBudget, type SlotStore } from './budget';

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

describe('SharedRequestBudget', () => {
  /** A store like the database's, in memory, counting its round trips. */
  function memoryStore(limit: number) {
    let next = 1;
    const held = new Set<number>();
    const calls = { grant: 0, release: 0 };
    const store: SlotStore = {
      grant: async (endpoints) => {
        calls.grant += 1;
        return { granted: endpoints.map(() => (held.size < limit ? (held.add(next), next++) : null)), retryMs: 50 };
      },
      release: async (slots) => {
        calls.release += 1;
        // The database frees a slot a second after its answer; here at once, to keep the test short.
        for (const slot of slots) held.delete(slot);
      },
    };
    return { store, calls, held };
  }

  it('asks for every waiting request in one round trip, and marks answers in batches', async () => {
    const { store, calls } = memoryStore(10);
    const budget = new SharedRequestBudget(10, 10, store);
    const releases = await Promise.all(Array.from({ length: 5 }, () => budget.acquire('GET /v1/x')));
    expect(calls.grant).toBe(1);
    releases.forEach((release) => {
      release();
      release(); // twice is once
    });
    await new Promise((r) => setImmediate(r));
    expect(calls.release).toBe(1);
  });

  it('a refused request asks again when the store says, and then goes', async () => {
    const { store, calls } = memoryStore(1);
    const budget = new SharedRequestBudget(1, 1, store);
    const first = await budget.acquire('x');
    let second = false;
    const pending = budget.acquire('x').then((release) => {
      second = true;
      return release;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(second).toBe(false);
    first();
    (await pending)();
    expect(second).toBe(true);
    expect(calls.grant).toBeGreaterThanOrEqual(3);
  });

  it('when the store cannot be reached, the waiting requests fail (and are retried by the SDK), later ones still go', async () => {
    const { store } = memoryStore(10);
    const errors: string[] = [];
    let down = true;
    const budget = new SharedRequestBudget(10, 10, { ...store, grant: (e, l) => (down ? Promise.reject(new Error('connection refused')) : store.grant(e, l)) }, { onError: (_e, what) => errors.push(what) });
    await expect(budget.acquire('x')).rejects.toThrow('connection refused');
    expect(errors).toEqual(['grant']);
    down = false;
    await expect(budget.acquire('x')).resolves.toBeTypeOf('function');
  });
});
