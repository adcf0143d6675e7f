import { type NextRequest, NextResponse } from 'next/server';
import { receiveStripeWebhook, STRIPE_WEBHOOK_PATH } from '@/lib/billing/webhooks/endpoint';
import { CURRENCY_COOKIE, parseStoreCurrency } from '@/lib/catalog/currency';
import {
  type CachedPage,
  getOrRender,
  isCacheablePath,
  isDocumentRequest,
  nonceOf,
  PAGE_CACHE_STATUS_HEADER,
  PAGE_RENDER_HEADER,
  pageCacheKey,
  replaceNonce,
  type Rendered,
  renderSecret,
  withNonce,
} from '@/lib/http/page-cache';
import { contentSecurityPolicy, securityHeaders } from '@/lib/http/security-headers';

const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];
const SIGNED_IN_AREAS = ['/account', '/admin', '/learn'];

const development = process.env.NODE_ENV === 'development';
const https = (process.env.APP_URL ?? '').startsWith('https:');
// On in production builds; `PAGE_CACHE=0` turns it off (development never caches).
const pageCacheOn = !development && process.env.PAGE_CACHE !== '0';

/**
 * Runs before every page and API route:
 * - security headers, with a fresh CSP nonce per request (Next.js reads it from the
 *   request's Content-Security-Policy header and puts it on its own scripts);
 * - a cheap first gate for signed-in areas: visitors with no session cookie are sent to
 *   sign in and back. It proves nothing about the session — pages and actions check it on
 *   the server (requireUser / requireAdmin), including the admin role;
 * - the page cache (lib/http/page-cache.ts): the catalog, course pages and /pricing are
 *   rendered once and served from memory with a fresh nonce per response;
 * - Stripe's webhook deliveries, answered here in full (lib/billing/webhooks/endpoint.ts):
 *   verify, record, answer, without the cost of routing to a route handler.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (pathname === STRIPE_WEBHOOK_PATH && request.method === 'POST') return receiveStripeWebhook(request);
  // Lesson pages decide for themselves: free preview lessons are open to visitors.
  const lessonPage = /^\/learn\/[^/]+\/[^/]+\/?$/.test(pathname);
  const gated = !lessonPage && SIGNED_IN_AREAS.some((area) => pathname === area || pathname.startsWith(`${area}/`));
  const signedIn = SESSION_COOKIES.some((name) => request.cookies.has(name));
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const csp = contentSecurityPolicy(nonce, { development });

  let response: NextResponse;
  if (gated && !signedIn) {
    const target = new URL('/sign-in', request.url);
    // The return path without `_rsc` (the proxy sees client navigations' raw URLs: next.config.ts).
    const back = new URLSearchParams(search);
    back.delete('_rsc');
    target.searchParams.set('callbackUrl', pathname + (back.size ? `?${back}` : ''));
    response = NextResponse.redirect(target);
  } else {
    response = (await fromPageCache(request, nonce)) ?? render(request, nonce, csp);
  }
  response.headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(securityHeaders({ https }))) response.headers.set(name, value);
  return response;
}

function render(request: NextRequest, nonce: string, csp: string): NextResponse {
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  // Only the proxy's own render requests may carry the marker into the app.
  requestHeaders.delete(PAGE_RENDER_HEADER);
  return NextResponse.next({ request: { headers: requestHeaders } });
}

/**
 * The answer from the page cache, or null to render as usual: documents of the cached paths,
 * keyed by the currency the visitor sees. Signed-in visitors get the same document: what is theirs
 * on these pages (the header's account menu, the past-due banner, "you own this course", "you
 * have All-Access") is filled in the browser from /api/visitor, never rendered into it. A miss renders the page once through the app (a request to this same server, marked
 * with this process's secret so it is not answered from the cache) and answers with that render.
 */
async function fromPageCache(request: NextRequest, nonce: string): Promise<NextResponse | null> {
  const { pathname, searchParams } = request.nextUrl;
  if (!pageCacheOn || !isCacheablePath(pathname) || !isDocumentRequest(request.method, request.headers, searchParams)) return null;
  if (request.headers.get(PAGE_RENDER_HEADER) === renderSecret()) return null;
  const currency = parseStoreCurrency(searchParams.get('currency')) ?? parseStoreCurrency(request.cookies.get(CURRENCY_COOKIE)?.value) ?? 'usd';
  const key = pageCacheKey(pathname, searchParams, currency);
  let result: Awaited<ReturnType<typeof getOrRender>>;
  try {
    result = await getOrRender(key, () => renderForCache(request, currency));
  } catch {
    return null; // the render request failed: render this one as usual
  }
  if (result.page) return servePage(result.page, nonce, result.rendered ? 'miss' : 'hit');
  if (result.rendered) return serveRendered(result.rendered, nonce);
  return null;
}

/** The app's own origin for render requests: set by `next start` (or BURSAR_INTERNAL_ORIGIN). */
function internalOrigin(): string {
  return process.env.BURSAR_INTERNAL_ORIGIN ?? process.env.__NEXT_PRIVATE_ORIGIN ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
}

async function renderForCache(request: NextRequest, currency: string): Promise<Rendered> {
  const url = new URL(request.nextUrl.pathname + request.nextUrl.search, internalOrigin());
  const response = await fetch(url, {
    headers: {
      [PAGE_RENDER_HEADER]: renderSecret(),
      // The page sees the visitor's currency and nothing else of the visitor.
      cookie: `${CURRENCY_COOKIE}=${currency}`,
      accept: 'text/html',
      'accept-encoding': 'identity',
    },
    redirect: 'manual',
    cache: 'no-store',
    signal: AbortSignal.timeout(20_000),
  });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

function servePage(page: CachedPage, nonce: string, status: 'hit' | 'miss'): NextResponse {
  const response = new NextResponse(withNonce(page, nonce), { status: 200, headers: page.headers });
  response.headers.set(PAGE_CACHE_STATUS_HEADER, status);
  return response;
}

/** An answer that is not cached (a 404, a redirect): passed on as rendered, with this response's nonce. */
function serveRendered(rendered: Rendered, nonce: string): NextResponse {
  const headers = new Headers(rendered.headers);
  for (const name of ['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive', 'content-security-policy']) headers.delete(name);
  const renderNonce = nonceOf(rendered.headers.get('content-security-policy'));
  const body = renderNonce ? replaceNonce(rendered.html, renderNonce, nonce) : rendered.html;
  const response = new NextResponse(rendered.status === 204 || rendered.status === 304 ? null : body, { status: rendered.status, headers });
  response.headers.set(PAGE_CACHE_STATUS_HEADER, 'bypass');
  return response;
}

export const config = {
  // Everything but the build's static files (they carry no markup or data) and the webhook
  // routes (machine-to-machine, no page: they set their own headers); the Stripe webhook's
  // POSTs come back in by the second entry (a literal: Next reads the config statically), to
  // be answered at the top of proxy().
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|api/webhooks/).*)' }, { source: '/api/webhooks/stripe' }],
};
