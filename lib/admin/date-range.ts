import { z } from 'zod';

/**
 * Date ranges for admin pages, in UTC calendar days (Stripe's dashboard reports in the
 * account's time zone; Bursar has none configured yet, so UTC, stated on the page).
 * `from` is inclusive, `to` exclusive; a custom range names inclusive days in the URL.
 */
export const RANGE_PRESETS = [
  { id: 'today', label: 'Today' },
  { id: '7d', label: 'Last 7 days' },
  { id: '30d', label: 'Last 30 days' },
  { id: '90d', label: 'Last 90 days' },
  { id: 'mtd', label: 'This month' },
  { id: 'last-month', label: 'Last month' },
  { id: 'ytd', label: 'Year to date' },
  { id: '12m', label: 'Last 12 months' },
  { id: 'all', label: 'All time' },
] as const;

export type RangePreset = (typeof RANGE_PRESETS)[number]['id'];
export type DateRange = {
  preset: RangePreset | 'custom';
  from: Date;
  /** Exclusive. */
  to: Date;
  /** Inclusive first and last day, YYYY-MM-DD. */
  fromDay: string;
  toDay: string;
  label: string;
  /** Chart bucket that keeps a series readable: ≤ 62 days by day, ≤ 1 year by week, else by month. */
  bucket: 'day' | 'week' | 'month';
};

export const DEFAULT_PRESET: RangePreset = '30d';
/** "All time" starts here: before any Stripe account could have taken a payment for Bursar. */
const ALL_TIME_START = Date.UTC(2010, 0, 1);
const DAY = 86_400_000;

const daySchema = z.iso.date();

function startOfUtcDay(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function build(preset: DateRange['preset'], fromMs: number, toMs: number, label: string): DateRange {
  const days = (toMs - fromMs) / DAY;
  return {
    preset,
    from: new Date(fromMs),
    to: new Date(toMs),
    fromDay: isoDay(fromMs),
    toDay: isoDay(toMs - DAY),
    label,
    bucket: days <= 62 ? 'day' : days <= 366 ? 'week' : 'month',
  };
}

export function presetRange(preset: RangePreset, now: Date = new Date()): DateRange {
  const today = startOfUtcDay(now.getTime());
  const tomorrow = today + DAY;
  const d = new Date(today);
  const label = RANGE_PRESETS.find((p) => p.id === preset)!.label;
  switch (preset) {
    case 'today':
      return build(preset, today, tomorrow, label);
    case '7d':
      return build(preset, tomorrow - 7 * DAY, tomorrow, label);
    case '30d':
      return build(preset, tomorrow - 30 * DAY, tomorrow, label);
    case '90d':
      return build(preset, tomorrow - 90 * DAY, tomorrow, label);
    case 'mtd':
      return build(preset, Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), tomorrow, label);
    case 'last-month':
      return build(preset, Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1), Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), label);
    case 'ytd':
      return build(preset, Date.UTC(d.getUTCFullYear(), 0, 1), tomorrow, label);
    case '12m':
      return build(preset, Date.UTC(d.getUTCFullYear() - 1, d.getUTCMonth(), d.getUTCDate() + 1), tomorrow, label);
    case 'all':
      return build(preset, ALL_TIME_START, tomorrow, label);
  }
}

/**
 * Reads `range`, `from`, `to` from the URL. A custom range needs both days, from ≤ to, at most
 * 20 years; anything unreadable falls back to the default preset (with `invalid` set so the
 * page can say so) instead of failing the page.
 */
export function parseDateRange(input: { range?: string; from?: string; to?: string }, now: Date = new Date(), fallback: RangePreset = DEFAULT_PRESET): DateRange & { invalid?: string } {
  if (input.range === 'custom' || (!input.range && (input.from || input.to))) {
    const from = daySchema.safeParse(input.from);
    const to = daySchema.safeParse(input.to);
    if (!from.success || !to.success) return { ...presetRange(fallback, now), invalid: 'A custom range needs a start and an end date.' };
    const fromMs = Date.parse(`${from.data}T00:00:00Z`);
    const toMs = Date.parse(`${to.data}T00:00:00Z`) + DAY;
    if (fromMs >= toMs) return { ...presetRange(fallback, now), invalid: 'The start date must be on or before the end date.' };
    if (toMs - fromMs > 20 * 366 * DAY) return { ...presetRange(fallback, now), invalid: 'A range can span at most 20 years.' };
    return build('custom', fromMs, toMs, `${from.data} – ${to.data}`);
  }
  const preset = RANGE_PRESETS.find((p) => p.id === input.range)?.id;
  if (input.range && !preset) return { ...presetRange(fallback, now), invalid: 'Unknown date range; showing the default.' };
  return presetRange(preset ?? fallback, now);
}
