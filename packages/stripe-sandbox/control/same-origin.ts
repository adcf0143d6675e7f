import type { PageRequest } from '../core/sandbox';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

const header = (req: PageRequest, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Whether a control-API POST may act. The control API has no key (it is a local tool), so
 * what protects it is that only the sandbox's own dashboard, or a non-browser client, can
 * reach it: a page the developer happens to open elsewhere could otherwise post a form to
 * `http://127.0.0.1:12111/_sandbox/reset` and wipe or refund things.
 *
 * Browsers mark every cross-origin POST with `Origin` (and `Sec-Fetch-Site`); scripts and
 * SDKs send neither. An `Origin` is accepted only when it is the sandbox's public URL or the
 * loopback host the request came in on — a DNS-rebinding page has its own host name, so it
 * fails too.
 */
export function isSameOriginControlRequest(req: PageRequest, publicUrl: string): boolean {
  const fetchSite = header(req, 'sec-fetch-site');
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') return false;
  const origin = header(req, 'origin');
  if (origin === undefined) return true;
  const allowed = new Set<string>();
  try {
    allowed.add(new URL(publicUrl).origin);
  } catch {
    // No public URL configured yet: only the loopback origin below can match.
  }
  const host = header(req, 'host');
  if (host) {
    try {
      const url = new URL(`http://${host}`);
      if (LOOPBACK.has(url.hostname)) allowed.add(url.origin);
    } catch {
      // A malformed Host header adds nothing.
    }
  }
  return allowed.has(origin);
}
