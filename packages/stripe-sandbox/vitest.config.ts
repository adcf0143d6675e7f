import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The package's own tests: the real `stripe` SDK (and Python's, when installed) against a
// real server. Run alone (`npx vitest run` here) or from the repository root as the
// `sandbox` project (`npx vitest run --project sandbox`, part of `npm test`).
export default defineConfig({
  test: {
    name: 'sandbox',
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['test/**/*.int.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file starts its servers; two cores run files one by one.
    fileParallelism: false,
  },
});
