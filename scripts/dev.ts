/**
 * `npm run dev`: the whole store on embedded defaults. Prepares the database in a separate
 * step so that step's PGlite handle is closed before the app opens the same directory: one
 * process runs the idempotent demo seed, and opening the database applies any pending
 * migrations first (db/client.ts), so migrations and seed share one process start and one
 * PGlite boot. Then starts the offline Stripe sandbox unless a real key is set, and `next dev`.
 */
import { bin, runToEnd, sandboxAvailable, startLongRunning } from './launch';

const usesRealStripe = Boolean(process.env.STRIPE_SECRET_KEY);

const started = Date.now();
await runToEnd(bin('tsx'), ['scripts/db-seed.ts']);
console.log(`dev: database migrated and seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

if (!usesRealStripe) {
  if (sandboxAvailable()) startLongRunning('sandbox', bin('stripe-sandbox'), []);
  else console.error('dev: no STRIPE_SECRET_KEY and no offline sandbox (node_modules/.bin/stripe-sandbox): run `npm install` first.');
}
startLongRunning('next', bin('next'), ['dev', ...process.argv.slice(2)]);
