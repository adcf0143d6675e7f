import { invalidRequest, resourceMissing } from './errors';
import type { StoredObject } from './store';
import type { RangeQuery } from './schema';
import type { StripeList } from './wire';

export interface PageParams {
  limit?: number | null;
  starting_after?: string | null;
  ending_before?: string | null;
}

/**
 * Cursor pagination over a newest-first array, as Stripe does it: `starting_after` walks
 * towards older objects, `ending_before` towards newer ones; `has_more` says whether the
 * walk can continue in that direction.
 */
export function paginate<T extends StoredObject>(
  items: T[],
  page: PageParams,
  url: string,
  kind: string,
): StripeList<T> {
  const limit = page.limit ?? 10;
  if (page.starting_after && page.ending_before) {
    throw invalidRequest('You may only specify one of these parameters: ending_before, starting_after.');
  }
  if (page.starting_after) {
    const idx = items.findIndex((o) => o.id === page.starting_after);
    if (idx === -1) throw resourceMissing(kind, page.starting_after, 'starting_after');
    const rest = items.slice(idx + 1);
    return { object: 'list', data: rest.slice(0, limit), has_more: rest.length > limit, url };
  }
  if (page.ending_before) {
    const idx = items.findIndex((o) => o.id === page.ending_before);
    if (idx === -1) throw resourceMissing(kind, page.ending_before, 'ending_before');
    const before = items.slice(0, idx);
    const start = Math.max(0, before.length - limit);
    return { object: 'list', data: before.slice(start), has_more: start > 0, url };
  }
  return { object: 'list', data: items.slice(0, limit), has_more: items.length > limit, url };
}

export function inRange(value: number, range: RangeQuery | null | undefined): boolean {
  if (!range) return true;
  if (range.gt !== undefined && !(value > range.gt)) return false;
  if (range.gte !== undefined && !(value >= range.gte)) return false;
  if (range.lt !== undefined && !(value < range.lt)) return false;
  if (range.lte !== undefined && !(value <= range.lte)) return false;
  return true;
}
