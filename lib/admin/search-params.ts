/** What Next hands a page as `searchParams` (awaited). */
export type SearchParams = Record<string, string | string[] | undefined>;

/** A single string value of a search param (the first if repeated), trimmed; '' counts as absent. */
export function param(params: SearchParams, name: string): string | undefined {
  const raw = params[name];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value ? value : undefined;
}

/**
 * The same URL with some params changed: `undefined` or '' removes one. Used by filters, sort
 * and pagination links so every other choice on the page is kept.
 */
export function hrefWith(path: string, params: SearchParams, changes: Record<string, string | undefined>): string {
  const next = new URLSearchParams();
  for (const [key, raw] of Object.entries(params)) {
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== undefined && value !== '' && !(key in changes)) next.set(key, value);
  }
  for (const [key, value] of Object.entries(changes)) if (value) next.set(key, value);
  const query = next.toString();
  return query ? `${path}?${query}` : path;
}
