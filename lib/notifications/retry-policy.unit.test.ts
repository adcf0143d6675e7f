import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-policy';

describe('retryDelayMs', () => {
  it('doubles from one minute and caps at two hours', () => {
    const middle = () => 0.5; // no jitter
    expect([1, 2, 3, 4, 7, 8, 20].map((n) => retryDelayMs(n, middle))).toEqual([
      60_000, 120_000, 240_000, 480_000, 3_840_000, 7_200_000, 7_200_000,
    ]);
  });

  it('jitters by at most a quarter either way', () => {
    expect(retryDelayMs(1, () => 0)).toBe(45_000);
    expect(retryDelayMs(1, () => 1)).toBe(75_000);
  });
});
