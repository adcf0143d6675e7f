import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite loads its WASM and data directory from disk at runtime; bundling it breaks
  // those paths (ENOENT … mkdir). postgres.js is kept external for the same reason.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres'],
  poweredByHeader: false,
  // The proxy must see a client-side navigation for what it is (the RSC header, `_rsc`): by
  // default Next strips both before the proxy runs, and the page cache (proxy.ts) would answer
  // an RSC request with a cached HTML document.
  skipProxyUrlNormalize: true,
  // The dev server is reached as localhost and 127.0.0.1 alike (tests use the latter).
  allowedDevOrigins: ['127.0.0.1', 'localhost'],
  // forbidden() renders app/forbidden.tsx with a real 403 for signed-in non-admins.
  experimental: { authInterrupts: true },
};

export default nextConfig;
