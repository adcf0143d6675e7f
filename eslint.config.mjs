import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import { bursarPlugin } from './eslint/server-actions.mjs';

// Module boundaries (issue 9). Each set is a list of import restrictions; a file gets the sets
// that apply to it, combined into one `@typescript-eslint/no-restricted-imports` entry (a later
// config object replaces a rule's options, it does not merge them). Type-only imports
// (`import type …`) are always allowed.

/** Tables stay in db/: everything else calls db/queries/<domain>.ts. */
const TABLES = {
  patterns: [
    {
      // @/db/schema, @/db/schema/<file> and the same by relative path; not …/db/schema/enums.
      // (A regex: gitignore-style groups cannot re-include enums once @/db/schema is matched.)
      regex: '^(@/|(\\.\\.?/)+)([\\w-]+/)*db/schema(/(?!enums$)[\\w./-]+)?$',
      allowTypeImports: true,
      message:
        'Tables stay inside db/: call (or add) a function in db/queries/<domain>.ts that takes (db | tx, params). Row types via `import type`; status lists from @/db/schema/enums.',
    },
  ],
};

/** Query builders (eq, and, sql…) are inline queries: they belong in db/queries too. */
const DRIZZLE = {
  paths: [
    {
      name: 'drizzle-orm',
      allowTypeImports: true,
      message: 'Drizzle queries live in db/queries/<domain>.ts: move this query into a function there ((db | tx, params)). Types via `import type`.',
    },
  ],
  patterns: [
    {
      group: ['drizzle-orm/*'],
      allowTypeImports: true,
      message: 'Drizzle queries live in db/queries/<domain>.ts: move this query into a function there ((db | tx, params)). Types via `import type`.',
    },
  ],
};

/** One door to Stripe: lib/stripe/ (named operations, request budget, error mapping). */
const STRIPE = {
  paths: [
    {
      name: 'stripe',
      allowTypeImports: true,
      message: "Reach Stripe through lib/stripe/ (call or add a named operation there). `import type Stripe from 'stripe'` is fine anywhere.",
    },
  ],
  patterns: [
    {
      group: ['stripe/*'],
      allowTypeImports: true,
      message: "Reach Stripe through lib/stripe/ (call or add a named operation there). `import type Stripe from 'stripe'` is fine anywhere.",
    },
  ],
};

/** Test support stays out of what ships: tests/support and vitest are for *.test.ts, e2e, bench. */
const TEST_SUPPORT = {
  paths: [{ name: 'vitest', message: 'Test code lives in *.test.ts files and tests/support/, never in what ships.' }],
  patterns: [
    {
      regex: '^(@/|(\\.\\.?/)+)tests/',
      message: 'Test support (tests/support/) is for tests only: production code may not import it.',
    },
  ],
};

/**
 * The offline Stripe sandbox (`@bursar/stripe-sandbox`) is a development dependency: nothing
 * the production server loads may import it (tests, e2e, bench and scripts may), so
 * `npm ci --omit=dev && npm start` with a real Stripe key never needs it.
 */
const SANDBOX_PACKAGE = {
  paths: [
    {
      name: '@bursar/stripe-sandbox',
      message: 'The offline sandbox is a devDependency: production code may not import it (tests, e2e, bench and scripts may).',
    },
  ],
  patterns: [
    {
      group: ['@bursar/stripe-sandbox/*', '**/packages/stripe-sandbox/**'],
      message: 'The offline sandbox is a devDependency: production code may not import it (tests, e2e, bench and scripts may).',
    },
  ],
};

/** The sandbox package stands alone: it imports nothing from the app. */
const APP_CODE = {
  patterns: [
    {
      regex: '^(@/|(\\.\\./)+(app|lib|db|components|emails|tests|scripts|e2e|bench)(/|$))',
      message: 'packages/stripe-sandbox stands alone: it may not import the app. Use node: builtins or the package\'s own files.',
    },
  ],
};

const restrictImports = (...sets) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    { paths: sets.flatMap((set) => set.paths ?? []), patterns: sets.flatMap((set) => set.patterns ?? []) },
  ],
});

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['.next/**', '.data/**', 'node_modules/**', 'db/migrations/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**'],
  },
  {
    plugins: { bursar: bursarPlugin },
    rules: {
      'bursar/server-actions-from-client': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // lib/env.ts is the only reader of process.env (DESIGN.md "Runtime modes").
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through lib/env.ts.' }],
      ...restrictImports(TABLES, DRIZZLE, STRIPE, TEST_SUPPORT, SANDBOX_PACKAGE),
    },
  },
  {
    files: ['lib/env.ts', 'instrumentation.ts', 'proxy.ts', 'packages/stripe-sandbox/**', 'scripts/**', 'e2e/**', 'tests/**', 'bench/**', '**/*.test.ts', '*.config.ts', '*.config.mjs', 'drizzle.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  // The database boundary itself.
  { files: ['db/**'], rules: restrictImports(STRIPE, TEST_SUPPORT, SANDBOX_PACKAGE) },
  // The Auth.js Drizzle adapter is handed the auth tables; it needs the table objects.
  { files: ['lib/auth/config.ts'], rules: restrictImports(DRIZZLE, STRIPE, TEST_SUPPORT, SANDBOX_PACKAGE) },
  // The Stripe door, and the offline Stripe server that speaks its wire format (a package of
  // its own: nothing from the app).
  { files: ['lib/stripe/**'], rules: restrictImports(TABLES, DRIZZLE, TEST_SUPPORT, SANDBOX_PACKAGE) },
  { files: ['packages/stripe-sandbox/**'], rules: restrictImports(APP_CODE) },
  // Server code logs through lib/log.ts (pino: structured, request id, secrets scrubbed).
  // Client components (the browser's console) say so with an eslint-disable comment.
  {
    files: ['app/**', 'lib/**', 'components/**', 'db/**', 'emails/**', 'instrumentation.ts', 'proxy.ts'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { 'no-console': 'error' },
  },
  // Tests, fixtures, benchmarks and scripts set up and inspect state directly.
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'tests/**', 'e2e/**', 'bench/**', 'scripts/**'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
];

export default config;
