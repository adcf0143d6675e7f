import { env } from '@/lib/env';
import { type JobLoop, startJobLoop } from './loop';
import { defaultWorkerId } from './run-job';

const KEY = '__bursarInProcessJobs';

/**
 * Starts the job loop inside the app server when JOBS_IN_PROCESS is set or in development,
 * so `npm run dev` delivers mail with no extra process. Call once from instrumentation.ts
 * (Node runtime only). Idempotent: the loop lives on globalThis, so Next's dev reloads,
 * which re-evaluate modules, never start a second one. Returns null when disabled.
 */
export function startInProcessJobs(): JobLoop | null {
  if (!env.JOBS_IN_PROCESS && env.NODE_ENV !== 'development') return null;
  const store = globalThis as unknown as Record<string, JobLoop | undefined>;
  const existing = store[KEY];
  if (existing) return existing;
  const loop = startJobLoop({ workerId: defaultWorkerId('in-process') });
  store[KEY] = loop;
  return loop;
}

/** Stops the in-process loop (tests, graceful shutdown); waits for a run in flight. */
export async function stopInProcessJobs(): Promise<void> {
  const store = globalThis as unknown as Record<string, JobLoop | undefined>;
  const loop = store[KEY];
  store[KEY] = undefined;
  await loop?.stop();
}
