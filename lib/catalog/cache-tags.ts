import 'server-only';
import { revalidateTag, updateTag } from 'next/cache';
import { invalidatePages } from '@/lib/http/page-cache';

/**
 * Cache tags of the storefront's cached catalog reads (lib/catalog/cached.ts): the catalog,
 * course pages (curriculum, prices) and the plan prices on /pricing.
 *
 * Anything that changes a course, a lesson, a price or a plan calls `invalidateCatalog()`
 * after its write commits: admin actions (`{ from: 'action' }`, the editor sees the change on
 * the next render) and Stripe price/product events or jobs (`{ from: 'background' }`).
 * Catalog edits are rare, so one tag covers every cached catalog read: nothing can be left stale
 * by picking the wrong, narrower tag.
 */
export const CATALOG_TAG = 'catalog';
/** One course page (curriculum, prices, cover); the catalog helper expires it on course edits. */
export const courseTag = (slug: string) => `course:${slug}`;
/** The All-Access plan and its prices (/pricing). */
export const PRICING_TAG = 'pricing';

export function invalidateCatalog(opts: { from: 'action' | 'background' }): void {
  // The rendered pages first (proxy.ts): a render that started before this write is not stored.
  invalidatePages();
  if (opts.from === 'action') {
    // Server actions only: expires now, and this action's own re-render reads fresh data.
    updateTag(CATALOG_TAG);
  } else {
    // Route handlers, webhooks, jobs running inside the server: expire at once (no stale window),
    // so a price change is never shown late to a buyer.
    revalidateTag(CATALOG_TAG, { expire: 0 });
  }
}
