/**
 * A same-site path to send the browser back to, or the fallback. Refuses absolute URLs and
 * protocol-relative ones, including `/\host`, which browsers read as `//host`: every
 * "return to" value that came from a URL goes through here, so none is an open redirect.
 */
export function safeReturnPath(value: string | null | undefined, fallback: string): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  return value;
}
