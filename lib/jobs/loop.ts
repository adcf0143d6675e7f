import type { Database } from '@/db/client';
import { logger, withLogContext } from '@/lib/log';
import { type JobName, jobNames, jobRegistry } from './registry';
import { runJob } from './run-job';

export type JobLoop = { stop: () => Promise<void> };

// Counts a run reports even when it found nothing to do (batches tried, lanes claimed empty, reads).
const IDLE_KEYS = new Set(['batches', 'lanes', 'reads']);

export type JobLoopOptions = {
  workerId: string;
  jobs?: JobName[];
  db?: Database;
  /** Keep the process alive on the timers (`npm run worker`); the app server passes false. */
  keepAlive?: boolean;
};

/**
 * Runs each job, then waits its interval, then runs it again. A timeout chain rather than
 * setInterval, so a slow run never overlaps the next one. stop() cancels the timers and
 * waits for runs in flight, so a SIGTERM never abandons a message mid-send.
 */
export function startJobLoop(options: JobLoopOptions): JobLoop {
  let stopped = false;
  const timers = new Map<JobName, NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();

  // Each run gets a request id of its own, carried by every log line it writes.
  const tick = (name: JobName) =>
    withLogContext({ job: name }, async () => {
      try {
        const run = await runJob(name, { db: options.db, workerId: options.workerId });
        // Quiet when idle: a line every 5 s saying "nothing to do" would drown the server log.
        const worked = Object.entries(run.result).some(([key, count]) => !IDLE_KEYS.has(key) && count > 0);
        logger[worked ? 'info' : 'debug']({ result: run.result, durationMs: run.durationMs }, `job ${name} ran`);
      } catch (error) {
        logger.error({ err: error, retryInMs: jobRegistry[name].intervalMs }, `job ${name} failed`);
      }
    });

  const schedule = (name: JobName, delayMs: number) => {
    const timer = setTimeout(() => {
      const run = tick(name).finally(() => {
        inFlight.delete(run);
        if (!stopped) schedule(name, jobRegistry[name].intervalMs);
      });
      inFlight.add(run);
    }, delayMs);
    if (!options.keepAlive) timer.unref();
    timers.set(name, timer);
  };

  for (const name of options.jobs ?? jobNames) schedule(name, 0);

  return {
    async stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      await Promise.allSettled([...inFlight]);
    },
  };
}
