import { type NextRequest, NextResponse } from 'next/server';

const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];

/**
 * A cheap first gate: visitors with no session cookie are sent to sign in and back.
 * It proves nothing about the session — pages and actions check it on the server
 * (requireUser / requireAdmin), including the admin role.
 */
export function proxy(request: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (hasSession) return NextResponse.next();
  const signIn = new URL('/sign-in', request.url);
  signIn.searchParams.set('callbackUrl', request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(signIn);
}

export const config = { matcher: ['/account/:path*', '/admin/:path*', '/learn/:path*'] };
