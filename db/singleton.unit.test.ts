import { describe, expect, it } from 'vitest';
import { globalSingleton } from './singleton';

describe('globalSingleton', () => {
  it('opens once and shares the instance across calls', async () => {
    let opens = 0;
    const single = globalSingleton(`test-${Math.random()}`, async () => ++opens);
    expect(await Promise.all([single.get(), single.get()])).toEqual([1, 1]);
    expect(opens).toBe(1);
  });

  it('does not cache a failed open: the next call retries', async () => {
    let attempts = 0;
    const single = globalSingleton(`test-${Math.random()}`, async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('connection refused');
      return 'open';
    });
    await expect(single.get()).rejects.toThrow('connection refused');
    await Promise.resolve(); // let the failure clear the slot
    expect(await single.get()).toBe('open');
    expect(await single.get()).toBe('open');
    expect(attempts).toBe(2);
  });

  it('hands the instance back on take() and reopens afterwards', async () => {
    let opens = 0;
    const single = globalSingleton(`test-${Math.random()}`, async () => ++opens);
    await single.get();
    expect(await single.take()).toBe(1);
    expect(await single.take()).toBeNull();
    expect(await single.get()).toBe(2);
  });
});
