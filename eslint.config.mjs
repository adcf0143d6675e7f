import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['.next/**', '.data/**', 'node_modules/**', 'db/migrations/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**'],
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // lib/env.ts is the only reader of process.env (DESIGN.md "Runtime modes").
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through lib/env.ts.' }],
    },
  },
  {
    files: ['lib/env.ts', 'instrumentation.ts', 'proxy.ts', 'sandbox/**', 'scripts/**', 'e2e/**', 'tests/**', 'bench/**', '**/*.test.ts', '*.config.ts', '*.config.mjs', 'drizzle.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
];

export default config;
