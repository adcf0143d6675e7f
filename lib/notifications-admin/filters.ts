import { z } from 'zod';
import type { OutboxFilters } from '@/db/queries/admin-notifications';
import { messageChannels, outboxStatuses } from '@/db/schema/enums';

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const startOf = (d: string) => new Date(`${d}T00:00:00Z`);

export type OutboxFilterValues = { status: string; channel: string; template: string; recipient: string; from: string; to: string };

/**
 * The outbox page's filters from the URL. A malformed value is dropped (named in `dropped` so
 * the page can say so) rather than answered with an error page.
 */
export function parseOutboxFilters(params: Record<string, string | string[] | undefined>): {
  filter: OutboxFilters;
  after: string | null;
  values: OutboxFilterValues;
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
  const status = pick('status', z.enum(outboxStatuses));
  const channel = pick('channel', z.enum(messageChannels));
  const template = pick('template', z.string().regex(/^[a-z][a-z0-9-]{0,63}$/));
  const recipient = pick('recipient', z.string().trim().min(1).max(200));
  const fromDay = pick('from', day.refine((d) => !Number.isNaN(startOf(d).getTime())));
  const toDay = pick('to', day.refine((d) => !Number.isNaN(startOf(d).getTime())));
  const after = pick('after', z.uuid()) ?? null;
  return {
    filter: {
      status,
      channel,
      template,
      recipient,
      from: fromDay ? startOf(fromDay) : undefined,
      // "to" is inclusive for a person: up to the end of that day.
      to: toDay ? new Date(startOf(toDay).getTime() + 86_400_000) : undefined,
    },
    after,
    values: { status: status ?? '', channel: channel ?? '', template: template ?? '', recipient: recipient ?? '', from: fromDay ?? '', to: toDay ?? '' },
    dropped,
  };
}

export function outboxHref(values: Partial<OutboxFilterValues>, extra: { after?: string } = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...values, ...extra })) if (v) params.set(k, v);
  const qs = params.toString();
  return qs ? `/admin/notifications?${qs}` : '/admin/notifications';
}
