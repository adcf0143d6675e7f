import { z } from 'zod';
import { refundStatuses } from '@/db/schema/enums';
import { parseDateRange } from './date-range';

export const refundFiltersSchema = z.object({
  status: z.enum(refundStatuses).optional().catch(undefined),
  currency: z.string().regex(/^[a-z]{3}$/).optional().catch(undefined),
  /** Who started it: an admin from this dashboard, or anyone else at Stripe (dashboard, API, the learner's bank). */
  origin: z.enum(['dashboard', 'stripe']).optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
});
export type RefundFilters = z.infer<typeof refundFiltersSchema> & { from?: Date; to?: Date };

/** The refunds list's filters from its URL. Unreadable values are dropped, not fatal. */
export function readRefundFilters(params: Record<string, string | string[] | undefined>, now: Date = new Date()) {
  const one = (name: string) => {
    const raw = params[name];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    return value ? value : undefined;
  };
  const filters = refundFiltersSchema.parse({ status: one('status'), currency: one('currency')?.toLowerCase(), origin: one('origin'), q: one('q') });
  const range = parseDateRange({ range: one('range'), from: one('from'), to: one('to') }, now, 'all');
  const bounded: RefundFilters = range.preset === 'all' ? filters : { ...filters, from: range.from, to: range.to };
  return { filters: bounded, range };
}
