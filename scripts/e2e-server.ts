/**
 * The server Playwright runs against: `next start` (a production build) on a fresh PGlite
 * under .data/e2e, seeded, beside an offline Stripe sandbox on its own port.
 * Refuses a non-local DATABASE_URL so an e2e run can never write to a real database.
 */
import { rmSync } from 'node:fs';
import { bin, runToEnd, sandboxAvailable, startLongRunning } from './launch';

const port = process.env.E2E_PORT ?? '3100';
const sandboxPort = process.env.E2E_SANDBOX_PORT ?? '12112';
const dataDir = '.data/e2e';

if (process.env.DATABASE_URL && !/@(localhost|127\.0\.0\.1)(:\d+)?\//.test(process.env.DATABASE_URL)) {
  console.error('Refusing to run e2e against a non-local DATABASE_URL.');
  process.exit(1);
}

rmSync(dataDir, { recursive: true, force: true });
// Next's data cache lives on disk beside the build and outlives the server: entries from a run on
// the database just deleted (other course ids) would be served for minutes (lib/catalog/cached.ts).
rmSync('.next/cache/fetch-cache', { recursive: true, force: true });
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'production',
  DATA_DIR: dataDir,
  PGLITE_DIR: `${dataDir}/pglite`,
  APP_URL: `http://127.0.0.1:${port}`,
  // One admin address per admin spec: each spec signs in by email, and the per-address limit
  // (5 links in 15 minutes, tested in security.spec.ts) would otherwise stop the sixth spec.
  ADMIN_EMAILS: ['admin', ...['settings', 'templates', 'authz', 'learners', 'subscriptions', 'disputes', 'courses', 'events', 'ops', 'refunds', 'overview', 'coupons', 'outbox', 'audit', 'credit-notes', 'holes'].map((s) => `admin-${s}`)]
    .map((name) => `${name}@bursar.test`)
    .join(','),
  BURSAR_DEMO_MODE: '1',
  // The admin journeys sign in through the demo mailbox; e2e/app/production-config.spec.ts
  // checks a demo without this opt-in shows no admin mail.
  BURSAR_DEMO_ADMIN_MAILBOX: '1',
  // Every spec signs in from 127.0.0.1; the per-client limit is tested on its own.
  SIGN_IN_LIMIT_PER_CLIENT: '100000',
  STRIPE_SANDBOX_PORT: sandboxPort,
  // /api/metrics is off in production without a token; e2e/app/metrics.spec.ts scrapes with this one.
  METRICS_TOKEN: 'e2e-metrics-token-0123456789',
  // The server's JSON logs: warnings and errors only, so test output stays readable (E2E_LOG=info for all).
  LOG_LEVEL: process.env.E2E_LOG ?? 'warn',
  SANDBOX_DATA_DIR: `${dataDir}/sandbox`,
  SANDBOX_WEBHOOK_URL: `http://127.0.0.1:${port}/api/webhooks/stripe`,
};
delete env.STRIPE_SECRET_KEY;
delete env.RESEND_API_KEY;

await runToEnd(bin('tsx'), ['scripts/db-migrate.ts'], env);
await runToEnd(bin('tsx'), ['scripts/db-seed.ts'], env);
if (sandboxAvailable()) startLongRunning('sandbox', bin('stripe-sandbox'), [], env);
else console.error('e2e: the offline sandbox (node_modules/.bin/stripe-sandbox) is not installed: run `npm install` first.');
startLongRunning('next', bin('next'), ['start', '-p', port, '-H', '127.0.0.1'], env);
