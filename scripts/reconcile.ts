/**
 * `npm run reconcile -- --from 2026-12-01 --to 2026-12-04`: one reconciliation run for a
 * period (whole UTC days, `to` inclusive), in this process, against the configured database
 * and Stripe — the same code as the daily job and the admin's "Run now". Prints progress
 * every few seconds, then the result, the time it took and the process's peak memory.
 */
import { parseArgs } from 'node:util';
import { closeDb, getDb } from '@/db/client';
import { claimQueuedRun, findRun } from '@/db/queries/reconciliation-runs';
import { startRunInput } from '@/lib/billing/reconciliation/admin';
import { requestReconciliation } from '@/lib/billing/reconciliation/job';
import { executeReconciliationRun } from '@/lib/billing/reconciliation/run';

const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
const period = startRunInput.safeParse({ from: values.from ?? '', to: values.to ?? values.from ?? '' });
if (!period.success) {
  console.error(`reconcile: ${period.error.issues[0]?.message ?? 'bad period'} (use --from YYYY-MM-DD --to YYYY-MM-DD)`);
  process.exit(2);
}

const db = await getDb();
const runId = await requestReconciliation(db, { ...period.data, userId: null });
// Take this run (and not another queued one): claim until it is ours.
let run = await claimQueuedRun(db);
while (run && run.id !== runId) run = await claimQueuedRun(db);
if (!run) throw new Error('reconcile: the run was taken by a worker; watch it on /admin/reconciliation');

const started = performance.now();
let peakRss = process.memoryUsage().rss;
const ticker = setInterval(async () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const now = await findRun(db, runId);
  console.log(`  ${((performance.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(now?.progress ?? {})}, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
}, 5_000);
try {
  const outcome = await executeReconciliationRun(db, run);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `reconcile: ${period.data.from.toISOString().slice(0, 10)} → ${new Date(period.data.to.getTime() - 1).toISOString().slice(0, 10)}: ` +
      `${outcome.checked.toLocaleString('en-US')} checked, ${outcome.differences.toLocaleString('en-US')} differences in ${seconds.toFixed(1)} s ` +
      `(${Math.round(outcome.checked / seconds).toLocaleString('en-US')}/s), peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB; run ${runId}`,
  );
} finally {
  clearInterval(ticker);
  await closeDb();
}
