/**
 * The security headers every response carries (set in proxy.ts). Pure, so tests can read
 * the policy without a server.
 */
export function contentSecurityPolicy(nonce: string, opts: { development: boolean }): string {
  const directives = [
    "default-src 'self'",
    // Next.js puts the nonce on its own scripts; 'strict-dynamic' lets them load chunks.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.development ? " 'unsafe-eval'" : ''}`,
    // Tailwind's output is a file, but React and the mailbox's email HTML use style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self'${opts.development ? ' ws: wss:' : ''}`,
    "frame-src 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'self'",
  ];
  return directives.join('; ');
}

export function securityHeaders(opts: { https: boolean }): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
    // For browsers that predate frame-ancestors.
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    ...(opts.https ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' } : {}),
  };
}

/**
 * The policy of the machine-to-machine webhook endpoints (Stripe's, answered at the top of the
 * proxy, and Twilio's route, which the proxy skips): they answer JSON or TwiML, never a page,
 * so nothing may load in or frame them.
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** Sets the security headers on a webhook endpoint's own response (answers the proxy does not decorate). */
export function withSecurityHeaders(response: Response, opts: { https: boolean }): Response {
  response.headers.set('Content-Security-Policy', API_CONTENT_SECURITY_POLICY);
  for (const [name, value] of Object.entries(securityHeaders(opts))) response.headers.set(name, value);
  return response;
}
