/**
 * The storefront's page cache: the rendered HTML of the public documents a launch crowd lands
 * on (the catalog, course pages, /pricing), kept in the memory of the server process and served
 * by the proxy without rendering (proxy.ts). Pure apart from the process-wide state below, so
 * the rules are unit-tested without a server (page-cache.unit.test.ts).
 *
 * What makes a rendered page reusable:
 * - Only the CSP nonce differs between two renders of the same path, query and currency. Each
 *   entry keeps the nonce it was rendered with; each hit answers with that nonce replaced by a
 *   fresh one, in the header and the document alike, so no two responses share a nonce.
 * - The per-visitor parts are not in the document (anonymous visitors only, or client-side
 *   holes: see `servesSignedIn` in proxy.ts).
 * - Per-click values (a Checkout attempt id) are made in the browser, not at render.
 *
 * Freshness: writers call `invalidateCatalog()` (lib/catalog/cache-tags.ts), which bumps this
 * process's version: every entry is dropped at once and a render that started before the bump is
 * not stored. Writes made by another process (a second app instance, `npm run worker`) reach
 * this one through the entry's age: nothing is served older than PAGE_CACHE_MAX_AGE_MS.
 */

/** The longest a page is served after it was rendered (writes from other processes). */
export const PAGE_CACHE_MAX_AGE_MS = 30_000;
const MAX_ENTRIES = 500;
const MAX_BYTES = 64 * 1024 * 1024;

/** The request header of the proxy's own render requests (see proxy.ts). */
export const PAGE_RENDER_HEADER = 'x-bursar-page-render';
/** Answers carry `hit`, `miss` or `bypass` here, for operators and tests. */
export const PAGE_CACHE_STATUS_HEADER = 'x-bursar-page-cache';

/** Response headers kept with an entry; the security headers are the proxy's own, per response. */
const KEPT_HEADERS = ['content-type', 'vary', 'cache-control', 'link', 'x-robots-tag'];

export type CachedPage = {
  html: string;
  /** The nonce the document was rendered with. */
  nonce: string;
  headers: [string, string][];
  storedAt: number;
};

type State = {
  version: number;
  /** Insertion order = least recently used first (a hit moves its entry to the end). */
  entries: Map<string, CachedPage>;
  bytes: number;
  inflight: Map<string, Promise<CachedPage | null>>;
  /** Proves a render request came from this process's proxy, not from a visitor. */
  renderSecret: string;
};

// One state per process, shared by the proxy's bundle and the app's (invalidateCatalog runs
// in server actions, route handlers and jobs, which are bundled apart from the proxy).
const STATE_KEY = Symbol.for('bursar.pageCache');
function state(): State {
  const global = globalThis as { [STATE_KEY]?: State };
  global[STATE_KEY] ??= {
    version: 0,
    entries: new Map(),
    bytes: 0,
    inflight: new Map(),
    renderSecret: Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64url'),
  };
  return global[STATE_KEY];
}

/** The catalog changed: drop every page, and refuse renders that started before now. */
export function invalidatePages(): void {
  const s = state();
  s.version++;
  s.entries.clear();
  s.bytes = 0;
}

export function renderSecret(): string {
  return state().renderSecret;
}

/** The documents the cache serves: the catalog, a course page, /pricing. */
export function isCacheablePath(pathname: string): boolean {
  return pathname === '/' || pathname === '/pricing' || /^\/courses\/[a-z0-9-]{1,120}$/.test(pathname);
}

/**
 * Whether a request may be answered from the cache: a plain document GET. Client-side
 * navigations (RSC payloads, prefetches) and server action posts render as before.
 */
export function isDocumentRequest(method: string, headers: Headers, search: URLSearchParams): boolean {
  if (method !== 'GET') return false;
  if (headers.has('rsc') || headers.has('next-router-prefetch') || headers.has('next-action') || search.has('_rsc')) return false;
  // Browsers say what a request is for: only a document navigation gets a cached document.
  const dest = headers.get('sec-fetch-dest');
  if (dest !== null && dest !== 'document') return false;
  // Free-text searches: one entry per search would only push the common pages out.
  if (search.get('q')?.trim()) return false;
  return true;
}

/** Path, query (sorted, so `?a&b` and `?b&a` share an entry) and the currency shown. */
export function pageCacheKey(pathname: string, search: URLSearchParams, currency: string): string {
  const query = new URLSearchParams([...search.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  query.delete('currency');
  const rest = query.toString();
  return `${currency} ${pathname}${rest ? `?${rest}` : ''}`;
}

/** The nonce of a Content-Security-Policy header, or null. */
export function nonceOf(csp: string | null): string | null {
  return csp?.match(/'nonce-([A-Za-z0-9+/=_-]+)'/)?.[1] ?? null;
}

/**
 * A rendered answer worth keeping: 200, HTML, no cookie set, and a document that carries the
 * nonce it was rendered with (so it can be swapped).
 */
export function toCachedPage(status: number, headers: Headers, html: string, now: number): CachedPage | null {
  if (status !== 200) return null;
  if (!headers.get('content-type')?.startsWith('text/html')) return null;
  if (headers.has('set-cookie')) return null;
  const nonce = nonceOf(headers.get('content-security-policy'));
  if (!nonce || !html.includes(`nonce="${nonce}"`)) return null;
  const kept: [string, string][] = [];
  for (const name of KEPT_HEADERS) {
    const value = headers.get(name);
    if (value !== null) kept.push([name, value]);
  }
  return { html, nonce, headers: kept, storedAt: now };
}

/** A document with the nonce it was rendered with replaced by `to`, everywhere it occurs. */
export function replaceNonce(html: string, from: string, to: string): string {
  return html.split(from).join(to);
}

/** A cached document with this response's nonce. */
export function withNonce(page: CachedPage, nonce: string): string {
  return replaceNonce(page.html, page.nonce, nonce);
}

export function getPage(key: string, now: number): CachedPage | null {
  const s = state();
  const page = s.entries.get(key);
  if (!page) return null;
  if (now - page.storedAt > PAGE_CACHE_MAX_AGE_MS) {
    remove(s, key, page);
    return null;
  }
  // Most recently used last.
  s.entries.delete(key);
  s.entries.set(key, page);
  return page;
}

function remove(s: State, key: string, page: CachedPage): void {
  s.entries.delete(key);
  s.bytes -= page.html.length;
}

function put(s: State, key: string, page: CachedPage): void {
  const existing = s.entries.get(key);
  if (existing) remove(s, key, existing);
  s.entries.set(key, page);
  s.bytes += page.html.length;
  for (const [oldKey, old] of s.entries) {
    if (s.entries.size <= MAX_ENTRIES && s.bytes <= MAX_BYTES) break;
    remove(s, oldKey, old);
  }
}

export type Rendered = { status: number; headers: Headers; html: string };

/**
 * The cached page for `key`, rendering it once when missing: concurrent misses for the same key
 * share one render. `render` answers the rendered response; it is stored only when it is
 * cacheable and no invalidation happened while it rendered. Returns the page and, for the caller
 * whose call rendered it, the rendered response (so an uncacheable answer — a 404, a redirect —
 * is still served from that one render).
 */
export async function getOrRender(
  key: string,
  render: () => Promise<Rendered>,
  now: () => number = Date.now,
): Promise<{ page: CachedPage | null; rendered?: Rendered }> {
  const s = state();
  const cached = getPage(key, now());
  if (cached) return { page: cached };
  const pending = s.inflight.get(key);
  if (pending) return { page: await pending };
  const version = s.version;
  let rendered: Rendered | undefined;
  const filling = (async () => {
    rendered = await render();
    const page = toCachedPage(rendered.status, rendered.headers, rendered.html, now());
    if (page && s.version === version) put(s, key, page);
    return page;
  })();
  s.inflight.set(key, filling.catch(() => null));
  try {
    const page = await filling;
    return { page, rendered };
  } finally {
    s.inflight.delete(key);
  }
}
