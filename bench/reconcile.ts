/**
 * `npm run bench:reconcile` — reconciliation's memory against the size of the period (issue 14:
 * "memory stays flat against a Stripe account with a million charges").
 *
 * A sandbox in its own process (so its objects are not in this heap) holds BENCH_N paid
 * charges; the local ledger (in-memory PGlite, or an empty PostgreSQL database at
 * BENCH_DATABASE_URL, which the bench migrates and fills) holds the matching payments, fee and
 * net included. One reconciliation run over the period (the same
 * `executeReconciliationRun` the job and the admin use) is measured; then 9 × BENCH_N more
 * charges are added and a second run over the whole period (10 × BENCH_N) is measured.
 *
 * Memory is the JavaScript heap still reachable, sampled every 100 ms after a full GC (node
 * --expose-gc), minus the same measure just before the run: what the run holds, not garbage
 * waiting for collection. The database's memory (PGlite's WebAssembly heap, or the server) is
 * not in it. Flat means the peak does not grow with the period: a set of every charge id seen
 * would add ~100 bytes per charge.
 *
 * Environment: BENCH_N (2,000), BENCH_CLIENTS (8), BENCH_SANDBOX_PORT (12190),
 * BENCH_DATABASE_URL (unset: PGlite). Results also go to .data/bench/reconcile.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { openPglite, openPostgres } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { claimQueuedRun, findRun } from '@/db/queries/reconciliation-runs';
import { payments } from '@/db/schema';
import { requestReconciliation } from '@/lib/billing/reconciliation/job';
import { executeReconciliationRun } from '@/lib/billing/reconciliation/run';
import { createSandboxClient, setStripeForTests } from '@/lib/stripe/client';

const N = Number(process.env.BENCH_N ?? 2_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const PORT = Number(process.env.BENCH_SANDBOX_PORT ?? 12_190);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('bench:reconcile needs node --expose-gc (npm run bench:reconcile sets it).');
  process.exit(2);
}

function startSandboxProcess(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['node_modules/.bin/stripe-sandbox'], {
    env: { ...process.env, STRIPE_SANDBOX_PORT: String(PORT), SANDBOX_DATA_DIR: dataDir, SANDBOX_WEBHOOK_URL: 'off', STRIPE_WEBHOOK_SECRET: 'whsec_bench' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) resolve(child);
    });
  });
}

const MB = 2 ** 20;
const retainedHeap = () => {
  gc!();
  return process.memoryUsage().heapUsed;
};

const dataDir = mkdtempSync(path.join(tmpdir(), 'bursar-bench-reconcile-'));
const sandbox = await startSandboxProcess(dataDir);
const stripe = createSandboxClient(PORT, { timeout: 60_000 });
setStripeForTests(stripe);
const handle = process.env.BENCH_DATABASE_URL ? openPostgres(process.env.BENCH_DATABASE_URL) : await openPglite('memory://');
await migrateDatabase(handle.db);
const { db } = handle;
const started = new Date(Date.now() - 60_000);
const loadBefore = loadavg()[0]!;

/** Creates `count` paid charges, CLIENTS at a time, and records each in the local ledger as the webhooks would. */
async function addCharges(count: number): Promise<void> {
  let next = 0;
  let done = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const batch: (typeof payments.$inferInsert)[] = [];
      const flush = async () => {
        if (batch.length) await db.insert(payments).values(batch.splice(0));
      };
      while (next < count) {
        next += 1;
        const intent = await stripe.paymentIntents.create({
          amount: 4900,
          currency: 'usd',
          payment_method: 'pm_card_visa',
          confirm: true,
          expand: ['latest_charge.balance_transaction'],
        });
        const charge = intent.latest_charge as { id: string; balance_transaction: { fee: number; net: number } };
        batch.push({
          stripePaymentIntentId: intent.id,
          stripeChargeId: charge.id,
          amount: intent.amount,
          currency: intent.currency,
          status: 'succeeded',
          fee: charge.balance_transaction.fee,
          net: charge.balance_transaction.net,
        });
        if (batch.length >= 100) await flush();
        done += 1;
        if (done % 5_000 === 0) console.log(`  … ${done.toLocaleString('en-US')} charges (${Math.round(done / ((performance.now() - t0) / 1000))}/s)`);
      }
      await flush();
    }),
  );
}

type Measure = { charges: number; checked: number; differences: number; seconds: number; phases: Record<string, number>; baselineMB: number; peakRetainedMB: number; growthMB: number };

async function measureRun(charges: number): Promise<Measure> {
  const runId = await requestReconciliation(db, { from: started, to: new Date(Date.now() + 60_000), userId: null });
  const run = await claimQueuedRun(db);
  if (run?.id !== runId) throw new Error('another run was queued');
  const baseline = retainedHeap();
  let peak = baseline;
  // When each phase started (the run's saved progress, read every 250 ms), for where the time goes.
  const phaseStarts: [string, number][] = [];
  const sampler = setInterval(() => {
    peak = Math.max(peak, retainedHeap());
  }, 100);
  const t0 = performance.now();
  const phases = setInterval(async () => {
    const phase = String(((await findRun(db, runId))?.progress as { phase?: string } | undefined)?.phase ?? '');
    if (phase && phaseStarts.at(-1)?.[0] !== phase) phaseStarts.push([phase, performance.now()]);
  }, 250);
  try {
    const outcome = await executeReconciliationRun(db, run);
    peak = Math.max(peak, retainedHeap());
    const end = performance.now();
    const seconds = (end - t0) / 1000;
    const phaseSeconds = Object.fromEntries(
      phaseStarts.filter(([p]) => p !== 'done').map(([p, at], i) => [p, Math.round(((phaseStarts[i + 1]?.[1] ?? end) - at) / 100) / 10]),
    );
    return { charges, checked: outcome.checked, differences: outcome.differences, seconds, phases: phaseSeconds, baselineMB: baseline / MB, peakRetainedMB: peak / MB, growthMB: (peak - baseline) / MB };
  } finally {
    clearInterval(sampler);
    clearInterval(phases);
  }
}

const results: Measure[] = [];
try {
  console.log(`bench:reconcile: ${N.toLocaleString('en-US')} then ${(10 * N).toLocaleString('en-US')} charges, ${handle.driver}, load ${loadBefore.toFixed(1)}`);
  await addCharges(N);
  results.push(await measureRun(N));
  await addCharges(9 * N);
  results.push(await measureRun(10 * N));
} finally {
  await handle.close();
  await new Promise((resolve) => {
    sandbox.once('exit', resolve);
    sandbox.kill('SIGINT');
  });
  rmSync(dataDir, { recursive: true, force: true });
}

const fmt = (n: number, d = 1) => n.toFixed(d).padStart(8);
console.log('\n charges   checked  differences  seconds  heap before  peak held  growth (MB)  seconds per phase');
for (const r of results) {
  console.log(
    `${r.charges.toLocaleString('en-US').padStart(8)}  ${r.checked.toLocaleString('en-US').padStart(8)}  ${String(r.differences).padStart(11)}  ${fmt(r.seconds)}  ${fmt(r.baselineMB)}   ${fmt(r.peakRetainedMB)}  ${fmt(r.growthMB, 2)}       ${Object.entries(r.phases).map(([p, s]) => `${p} ${s}`).join(', ')}`,
  );
}
const [small, large] = results;
if (small && large) {
  console.log(`\nheld by the run at 10× the charges: ${large.growthMB.toFixed(2)} MB vs ${small.growthMB.toFixed(2)} MB (${(large.growthMB - small.growthMB).toFixed(2)} MB more for ${(9 * N).toLocaleString('en-US')} more charges; load ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)})`);
}
mkdirSync('.data/bench', { recursive: true });
writeFileSync('.data/bench/reconcile.json', JSON.stringify({ at: new Date().toISOString(), driver: handle.driver, results }, null, 2));
