import type { MetadataRoute } from 'next';

/**
 * `/robots.txt`: the storefront (catalog, course pages, pricing, about) may be indexed; the
 * account, admin, checkout, lesson player, API and development pages may not. Prerendered at
 * build time (it depends on nothing per request), which also makes it the benchmark's
 * reference for what a cached response of this app costs (`bench/pages.ts`).
 */
export default function robots(): MetadataRoute.Robots {
  return {
    rules: {
      userAgent: '*',
      allow: '/',
      disallow: ['/account', '/admin', '/api/', '/checkout', '/dev/', '/learn/', '/sign-in'],
    },
  };
}
