import { hostname } from 'node:os';
import { type Database, getDb } from '@/db/client';
import { observeJobRun } from '@/lib/ops/metrics';
import { type JobName, type JobResult, jobRegistry } from './registry';

export type JobRun = { job: JobName; durationMs: number; result: JobResult };

/** "host:pid/role": enough to tell workers apart in last_error and logs. */
export function defaultWorkerId(role: string): string {
  return `${hostname()}:${process.pid}/${role}`;
}

/**
 * Runs one job once. Uses the process database unless one is passed (tests, scripts).
 * Errors propagate: the caller decides whether that is a 500 (cron) or a log line (loop).
 */
export async function runJob(
  name: JobName,
  options: { db?: Database; workerId?: string; now?: Date } = {},
): Promise<JobRun> {
  const started = performance.now();
  try {
    const db = options.db ?? (await getDb());
    const result = await jobRegistry[name].run({ db, workerId: options.workerId ?? defaultWorkerId('job'), now: options.now });
    const durationMs = Math.round(performance.now() - started);
    observeJobRun(name, 'ok', durationMs, result);
    return { job: name, durationMs, result };
  } catch (error) {
    observeJobRun(name, 'error', performance.now() - started);
    throw error;
  }
}
