import { z } from 'zod';
import { paymentStatuses } from '@/db/schema/enums';
import { parseDateRange } from './date-range';

/**
 * What the admin typed in the payments search box, classified once: an email (or the start of
 * one), a Stripe id by its prefix, a Bursar receipt number (BR-XXXXXXXXXX, the first ten hex
 * digits of the payment id), or a name.
 */
export type PaymentSearch =
  | { kind: 'email'; value: string; exact: boolean }
  | { kind: 'payment_intent' | 'charge' | 'invoice' | 'customer' | 'refund' | 'dispute' | 'subscription' | 'checkout_session'; value: string }
  | { kind: 'receipt'; low: string; high: string }
  | { kind: 'name'; value: string };

const STRIPE_PREFIXES = [
  ['pi_', 'payment_intent'],
  ['ch_', 'charge'],
  ['py_', 'charge'],
  ['in_', 'invoice'],
  ['cus_', 'customer'],
  ['re_', 'refund'],
  ['pyr_', 'refund'],
  ['dp_', 'dispute'],
  ['du_', 'dispute'],
  ['sub_', 'subscription'],
  ['cs_', 'checkout_session'],
] as const;

export function classifySearch(raw: string): PaymentSearch | null {
  const q = raw.trim();
  if (!q) return null;
  const receipt = /^BR-?([0-9a-f]{10})$/i.exec(q);
  if (receipt) {
    const hex = receipt[1]!.toLowerCase();
    const head = `${hex.slice(0, 8)}-${hex.slice(8, 10)}`;
    return { kind: 'receipt', low: `${head}00-0000-0000-000000000000`, high: `${head}ff-ffff-ffff-ffffffffffff` };
  }
  for (const [prefix, kind] of STRIPE_PREFIXES) {
    if (q.startsWith(prefix) && /^[A-Za-z0-9_]+$/.test(q)) return { kind, value: q };
  }
  if (q.includes('@')) {
    const value = q.toLowerCase();
    return { kind: 'email', value, exact: z.email().safeParse(value).success };
  }
  return { kind: 'name', value: q.toLowerCase() };
}

export const paymentFiltersSchema = z.object({
  status: z.enum(paymentStatuses).optional().catch(undefined),
  currency: z.string().regex(/^[a-z]{3}$/).optional().catch(undefined),
  method: z.string().regex(/^[a-z_]{2,40}$/).optional().catch(undefined),
  /** `course:<uuid>` or `plan` (All-Access renewals and first payments). */
  product: z.union([z.literal('plan'), z.string().regex(/^course:[0-9a-f-]{36}$/)]).optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
});
export type PaymentFilters = z.infer<typeof paymentFiltersSchema> & { from?: Date; to?: Date };

/**
 * The payments list's filters from its URL (the page and the CSV export read the same URL, so
 * the export is exactly the filtered set). Unreadable values are dropped, not fatal.
 */
export function readPaymentFilters(params: Record<string, string | string[] | undefined>, now: Date = new Date()) {
  const one = (name: string) => {
    const raw = params[name];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    return value ? value : undefined;
  };
  const filters = paymentFiltersSchema.parse({ status: one('status'), currency: one('currency')?.toLowerCase(), method: one('method'), product: one('product'), q: one('q') });
  const range = parseDateRange({ range: one('range'), from: one('from'), to: one('to') }, now, 'all');
  const bounded: PaymentFilters = range.preset === 'all' ? filters : { ...filters, from: range.from, to: range.to };
  return { filters: bounded, range };
}
