import { describe, expect, it } from 'vitest';
import { parseDateRange, presetRange } from './date-range';

const now = new Date('2026-03-15T10:00:00Z');

describe('admin date ranges', () => {
  it('defaults to the last 30 days, ending today inclusive', () => {
    const r = parseDateRange({}, now);
    expect(r.preset).toBe('30d');
    expect(r.fromDay).toBe('2026-02-14');
    expect(r.toDay).toBe('2026-03-15');
    expect(r.to.toISOString()).toBe('2026-03-16T00:00:00.000Z');
    expect(r.bucket).toBe('day');
  });

  it('computes calendar presets in UTC', () => {
    expect(presetRange('mtd', now).fromDay).toBe('2026-03-01');
    const last = presetRange('last-month', now);
    expect([last.fromDay, last.toDay]).toEqual(['2026-02-01', '2026-02-28']);
    expect(presetRange('ytd', now).fromDay).toBe('2026-01-01');
    expect(presetRange('12m', now).bucket).toBe('week');
    expect(presetRange('all', now).bucket).toBe('month');
  });

  it('reads a custom inclusive range', () => {
    const r = parseDateRange({ range: 'custom', from: '2025-01-01', to: '2025-01-31' }, now);
    expect(r.preset).toBe('custom');
    expect(r.from.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(r.to.toISOString()).toBe('2025-02-01T00:00:00.000Z');
  });

  it('falls back with a reason on bad input', () => {
    expect(parseDateRange({ range: 'custom', from: '2025-02-01', to: '2025-01-01' }, now).invalid).toMatch(/on or before/);
    expect(parseDateRange({ range: 'custom', from: 'yesterday', to: '2025-01-01' }, now).invalid).toMatch(/start and an end/);
    expect(parseDateRange({ range: 'forever' }, now).invalid).toMatch(/Unknown/);
  });
});
