import type { StripeEventStatus } from '@/db/schema/enums';

export const eventStatusLabels: Record<StripeEventStatus, { label: string; tone: 'neutral' | 'brand' | 'success' | 'warning' | 'danger' }> = {
  received: { label: 'Waiting', tone: 'brand' },
  processed: { label: 'Processed', tone: 'success' },
  failed: { label: 'Failed, retrying', tone: 'warning' },
  dead: { label: 'Dead letter', tone: 'danger' },
  ignored: { label: 'Ignored', tone: 'neutral' },
};

/** "4 s", "3 min", "2 h 5 min": a lag or an age, for a person. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}

/** Share as a percentage with one decimal ("0.0 %" for none of none). */
export function formatRate(part: number, whole: number): string {
  return `${whole === 0 ? '0.0' : ((part / whole) * 100).toFixed(1)} %`;
}

/** Date and time in UTC, to the second: events are compared across machines. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
