import { NextRequest } from 'next/server';
import { handlers } from '@/lib/auth';
import { env } from '@/lib/env';

/**
 * Auth.js's routes see the request as if it came to APP_URL: Next.js derives a request's
 * URL from its Host header, so a forged Host or X-Forwarded-Host would otherwise reach the
 * URLs Auth.js answers with. AUTH_TRUST_HOST keeps the proxy's headers instead.
 */
function asAppUrl(request: NextRequest): NextRequest {
  if (env.AUTH_TRUST_HOST) return request;
  const app = new URL(env.APP_URL);
  const headers = new Headers(request.headers);
  headers.set('host', app.host);
  headers.delete('x-forwarded-host');
  headers.set('x-forwarded-proto', app.protocol.replace(':', ''));
  const url = new URL(request.nextUrl.pathname + request.nextUrl.search, app.origin);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return new NextRequest(url, { method: request.method, headers, body: hasBody ? request.body : undefined, ...(hasBody ? { duplex: 'half' } : {}) } as ConstructorParameters<typeof NextRequest>[1]);
}

export function GET(request: NextRequest) {
  return handlers.GET(asAppUrl(request));
}

/**
 * Sign-in links are asked for through the sign-in form's server action, which rate-limits
 * them and binds the demo mailbox; Auth.js's own email endpoint would bypass both.
 */
export function POST(request: NextRequest) {
  if (request.nextUrl.pathname.startsWith('/api/auth/signin/email')) {
    return Response.json({ error: { code: 'use_sign_in_form', message: 'Ask for a sign-in link on /sign-in.' } }, { status: 404 });
  }
  return handlers.POST(asAppUrl(request));
}
