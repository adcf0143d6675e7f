import type { Database } from '@/db/client';
import { claimQueuedRun, failSilentRuns, finishRun, insertQueuedRun } from '@/db/queries/reconciliation-runs';
import { logger } from '@/lib/log';
import { executeReconciliationRun } from './run';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A running run that has not reported progress for this long lost its worker. */
const SILENT_SECONDS = 600;

/** The UTC day before `now`: what the daily run reconciles. */
export function previousUtcDay(now: Date): { from: Date; to: Date; slot: string } {
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const from = new Date(to.getTime() - DAY_MS);
  return { from, to, slot: `daily:${from.toISOString().slice(0, 10)}` };
}

/** Queues a run for a period (the admin's "run now"); returns its id. */
export async function requestReconciliation(db: Database, params: { from: Date; to: Date; userId: string | null }): Promise<string> {
  const id = await insertQueuedRun(db, { windowStart: params.from, windowEnd: params.to, trigger: params.userId ? 'admin' : 'schedule', triggeredByUserId: params.userId });
  if (!id) throw new Error('could not queue the reconciliation run');
  return id;
}

export type ReconcileJobResult = { queued: number; ran: number; differences: number; failed: number };

/**
 * The `reconcile` job: queues yesterday's run once (a unique slot per day, so any number of
 * workers queue it once), fails runs whose worker went silent, then runs queued runs one at a
 * time. Cheap when there is nothing to do: two indexed statements.
 */
export async function runReconcileJob(db: Database, options: { now?: Date; maxRuns?: number } = {}): Promise<ReconcileJobResult> {
  const result: ReconcileJobResult = { queued: 0, ran: 0, differences: 0, failed: 0 };
  const day = previousUtcDay(options.now ?? new Date());
  if (await insertQueuedRun(db, { windowStart: day.from, windowEnd: day.to, trigger: 'schedule', slot: day.slot })) result.queued += 1;
  result.failed += await failSilentRuns(db, SILENT_SECONDS);
  for (let i = 0; i < (options.maxRuns ?? 1); i++) {
    const run = await claimQueuedRun(db);
    if (!run) break;
    try {
      const outcome = await executeReconciliationRun(db, run);
      result.ran += 1;
      result.differences += outcome.differences;
      logger.info({ runId: run.id, checked: outcome.checked, differences: outcome.differences }, 'reconciliation run finished');
    } catch (error) {
      result.failed += 1;
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      await finishRun(db, run.id, { status: 'failed', checkedCount: 0, mismatchCount: 0, summary: {}, progress: (run.progress ?? {}) as Record<string, unknown>, error: message.slice(0, 500) });
      logger.error({ runId: run.id, err: error }, 'reconciliation run failed');
    }
  }
  return result;
}
