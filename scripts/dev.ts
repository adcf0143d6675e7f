/**
 * `npm run dev`: the whole store on embedded defaults. Prepares the database (migrations +
 * idempotent demo seed) in a separate step so that step's PGlite handle is closed before the
 * app opens the same directory, starts the offline Stripe sandbox unless a real key is set,
 * then runs `next dev`.
 */
import { bin, runToEnd, sandboxAvailable, startLongRunning } from './launch';

const usesRealStripe = Boolean(process.env.STRIPE_SECRET_KEY);

await runToEnd(bin('tsx'), ['scripts/db-migrate.ts']);
await runToEnd(bin('tsx'), ['scripts/db-seed.ts']);

if (!usesRealStripe && sandboxAvailable()) {
  startLongRunning('sandbox', bin('tsx'), ['sandbox/main.ts']);
}
startLongRunning('next', bin('next'), ['dev', ...process.argv.slice(2)]);
