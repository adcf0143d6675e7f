import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const alias = { '@': fileURLToPath(new URL('./', import.meta.url)) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['**/*.unit.test.ts', '**/*.unit.test.tsx'],
          exclude: ['node_modules/**', '.next/**', '.data/**', 'packages/**'],
          environment: 'node',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts', '**/*.int.test.tsx'],
          // Workspace packages run their own projects (below).
          exclude: ['node_modules/**', '.next/**', '.data/**', 'packages/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // PGlite and the sandbox are heavy; two cores run files one by one.
          fileParallelism: false,
        },
      },
      // `sandbox`: the offline Stripe package's own tests (packages/stripe-sandbox/vitest.config.ts).
      'packages/stripe-sandbox',
    ],
  },
});
