import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite loads its WASM and data directory from disk at runtime; bundling it breaks
  // those paths (ENOENT … mkdir). postgres.js is kept external for the same reason.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres'],
  poweredByHeader: false,
};

export default nextConfig;
