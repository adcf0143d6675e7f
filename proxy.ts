import { type NextRequest, NextResponse } from 'next/server';
import { contentSecurityPolicy, securityHeaders } from '@/lib/http/security-headers';

const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];
const SIGNED_IN_AREAS = ['/account', '/admin', '/learn'];

const development = process.env.NODE_ENV === 'development';
const https = (process.env.APP_URL ?? '').startsWith('https:');

/**
 * Runs before every page and API route:
 * - security headers, with a fresh CSP nonce per request (Next.js reads it from the
 *   request's Content-Security-Policy header and puts it on its own scripts);
 * - a cheap first gate for signed-in areas: visitors with no session cookie are sent to
 *   sign in and back. It proves nothing about the session — pages and actions check it on
 *   the server (requireUser / requireAdmin), including the admin role.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  // Lesson pages decide for themselves: free preview lessons are open to visitors.
  const lessonPage = /^\/learn\/[^/]+\/[^/]+\/?$/.test(pathname);
  const gated = !lessonPage && SIGNED_IN_AREAS.some((area) => pathname === area || pathname.startsWith(`${area}/`));
  let response: NextResponse;
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const csp = contentSecurityPolicy(nonce, { development });
  if (gated && !SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    const target = new URL('/sign-in', request.url);
    target.searchParams.set('callbackUrl', pathname + search);
    response = NextResponse.redirect(target);
  } else {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set('x-nonce', nonce);
    requestHeaders.set('Content-Security-Policy', csp);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  response.headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(securityHeaders({ https }))) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but the build's static files (they carry no markup or data) and the Stripe
  // webhook route: machine-to-machine JSON, no cookies, no page, and the one route that must
  // answer within milliseconds under a burst (bench:webhooks).
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|api/webhooks/).*)' }],
};
