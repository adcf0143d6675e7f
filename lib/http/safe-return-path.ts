// A stand-in origin to resolve against: what matters is whether the value stays on it.
const PROBE_ORIGIN = 'http://return-path.invalid';

/**
 * A same-site path to send the browser back to, or the fallback. Every "return to" value
 * that came from a URL or a form goes through here, so none is an open redirect.
 *
 * Refused: anything that is not a path (`https://…`, `javascript:`), protocol-relative
 * values (`//host`, `/\host`, which browsers read as `//host`), and any value holding
 * whitespace or control characters (`/<TAB>/host`: browsers strip the tab and follow
 * `//host`). What passes is resolved and answered normalised (non-ASCII percent-encoded), so
 * the Location header it ends up in is always valid.
 */
export function safeReturnPath(value: string | null | undefined, fallback: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return fallback;
  if (/[\u0000-\u0020\u007f-\u009f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff\\]/.test(value)) return fallback;
  if (!value.startsWith('/') || value.startsWith('//')) return fallback;
  let resolved: URL;
  try {
    resolved = new URL(value, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  if (resolved.origin !== PROBE_ORIGIN) return fallback;
  const path = resolved.pathname + resolved.search + resolved.hash;
  // `/.//host` normalises to `//host`: a path that now reads as protocol-relative is refused too.
  return path.startsWith('//') ? fallback : path;
}
