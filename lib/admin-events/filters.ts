import { z } from 'zod';
import type { AdminEventFilter, EventCursor } from '@/db/queries/admin-events';
import { stripeEventStatuses } from '@/db/schema/enums';

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * The events page's filters from the URL. A malformed value is dropped (the list shows
 * unfiltered on that field) rather than answered with an error page; `dropped` names it so
 * the page can say so.
 */
export function parseEventFilters(params: Record<string, string | string[] | undefined>): {
  filter: AdminEventFilter;
  after?: EventCursor;
  values: { type: string; status: string; from: string; to: string };
  dropped: string[];
} {
  const dropped: string[] = [];
  const pick = <T>(name: string, schema: z.ZodType<T>): T | undefined => {
    const raw = first(params[name]);
    if (raw === undefined || raw === '') return undefined;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) dropped.push(name);
    return parsed.success ? parsed.data : undefined;
  };
  const type = pick('type', z.string().regex(/^[a-z_]+(\.[a-z_]+){1,4}$/));
  const status = pick('status', z.enum(stripeEventStatuses));
  const from = pick('from', day.transform((d) => new Date(`${d}T00:00:00Z`)).refine((d) => !Number.isNaN(d.getTime())));
  // "to" is inclusive for a person: events up to the end of that day.
  const to = pick('to', day.transform((d) => new Date(new Date(`${d}T00:00:00Z`).getTime() + 86_400_000)).refine((d) => !Number.isNaN(d.getTime())));
  const after = pick('after', z.string().max(400).transform(decodeCursor).pipe(z.object({ receivedAt: z.date(), id: z.string().min(1) })));
  return {
    filter: { type, status, from, to },
    after,
    values: { type: type ?? '', status: status ?? '', from: from ? iso(from) : '', to: to ? iso(new Date(to.getTime() - 86_400_000)) : '' },
    dropped,
  };
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

export function encodeCursor(cursor: EventCursor): string {
  return `${cursor.receivedAt.toISOString()}~${cursor.id}`;
}

function decodeCursor(value: string): unknown {
  const [at, id] = value.split('~');
  const receivedAt = new Date(at ?? '');
  return Number.isNaN(receivedAt.getTime()) ? null : { receivedAt, id };
}

/** The query string for a page of the list with these filters (empty values left out). */
export function eventsHref(values: Record<string, string>, extra: Record<string, string> = {}): string {
  const search = new URLSearchParams(Object.entries({ ...values, ...extra }).filter(([, v]) => v));
  const query = search.toString();
  return query ? `/admin/events?${query}` : '/admin/events';
}
