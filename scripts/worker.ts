/**
 * `npm run worker`: a separate long-running job worker (outbox delivery, and later dunning and
 * reconciliation). Any number may run against one Postgres: claims use SKIP LOCKED.
 * On SIGTERM/SIGINT it stops taking work, finishes the run in flight, closes the database
 * and exits 0; a second signal, or a run that will not finish in 30 s, exits at once.
 */
import { getPriority, setPriority } from 'node:os';
import { closeDb, getDb, readDbEnv } from '@/db/client';
import { env } from '@/lib/env';
import { startJobLoop } from '@/lib/jobs/loop';
import { jobNames } from '@/lib/jobs/registry';
import { defaultWorkerId } from '@/lib/jobs/run-job';
import { getStripeCallStats, totalStripeRequests } from '@/lib/stripe/call-stats';

const SHUTDOWN_GRACE_MS = 30_000;
const dbEnv = readDbEnv();
const target = dbEnv.databaseUrl ? 'Postgres (DATABASE_URL)' : `PGlite at ${dbEnv.pgliteDir}`;

try {
  await getDb();
} catch (error) {
  console.error(`worker: cannot open ${target}.`, error);
  if (!dbEnv.databaseUrl) {
    console.error(
      'worker: a PGlite directory can be open in one process only. While `npm run dev` runs, its in-process ' +
        'jobs already deliver notifications; run a separate worker against Postgres (set DATABASE_URL).',
    );
  }
  process.exit(1);
}

// Below the app in the CPU queue (WORKER_NICE): when both share a machine, Stripe's deliveries
// are acknowledged first and a burst waits as backlog in the database, where it is safe, instead
// of as unanswered requests Stripe times out and sends again (bench:webhooks, sustained phase).
if (env.WORKER_NICE > 0) {
  try {
    setPriority(Math.min(19, getPriority() + env.WORKER_NICE));
  } catch (error) {
    console.error('worker: could not lower its CPU priority; running at the current one', error);
  }
}

const workerId = defaultWorkerId('worker');
const loop = startJobLoop({ workerId, keepAlive: true });
console.log(`worker ${workerId}: running ${jobNames.join(', ')} against ${target}`);

let stopping = false;
async function shutdown(signal: NodeJS.Signals) {
  if (stopping) {
    console.error(`worker: second ${signal}, exiting now`);
    process.exit(1);
  }
  stopping = true;
  console.log(`worker: ${signal} received, finishing the current run`);
  setTimeout(() => {
    console.error('worker: runs did not finish in time, exiting; leased messages are retried after the lease');
    process.exit(1);
  }, SHUTDOWN_GRACE_MS).unref();
  await loop.stop();
  await closeDb();
  // What this process asked Stripe, so an operator (and bench:webhooks) can tell the processes apart.
  const stats = getStripeCallStats();
  console.log(`worker: Stripe requests ${JSON.stringify({ total: totalStripeRequests(), peakPerSecond: stats.peakPerSecond, byEndpoint: Object.fromEntries(stats.requests) })}`);
  console.log('worker: stopped cleanly');
  process.exitCode = 0;
}

process.on('SIGTERM', (signal) => void shutdown(signal));
process.on('SIGINT', (signal) => void shutdown(signal));
