import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders, withSecurityHeaders } from './security-headers';

describe('security headers', () => {
  it('a nonce-based script policy that forbids framing, without eval outside development', () => {
    const csp = contentSecurityPolicy('abc123', { development: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(contentSecurityPolicy('abc123', { development: true })).toContain("'unsafe-eval'");
  });

  it('HSTS only when APP_URL is https', () => {
    expect(securityHeaders({ https: true })['Strict-Transport-Security']).toBe('max-age=63072000; includeSubDomains');
    expect(securityHeaders({ https: false })).not.toHaveProperty('Strict-Transport-Security');
    for (const https of [true, false]) {
      expect(securityHeaders({ https })).toMatchObject({
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'strict-origin-when-cross-origin',
        'Permissions-Policy': expect.stringContaining('camera=()'),
      });
    }
  });

  it('routes outside the proxy (webhooks) get them on their own response, with a policy that loads nothing', () => {
    const response = withSecurityHeaders(Response.json({ received: true }), { https: true });
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toContain('max-age=');
    expect(response.headers.get('content-type')).toBe('application/json');
  });
});
