import { bearerMatches } from '@/lib/http/bearer';
import { isJobName, type JobName } from './registry';
import type { JobRun } from './run-job';
import { logger, requestIdFrom, withLogContext } from '@/lib/log';

export type CronDeps = {
  /** CRON_SECRET; undefined means cron triggers are switched off. */
  secret: string | undefined;
  run: (job: JobName) => Promise<JobRun>;
};

const error = (status: number, code: string, message: string) => Response.json({ error: { code, message } }, { status });

/**
 * `/api/cron/<job>` for platforms with cron (Vercel sends `Authorization: Bearer
 * $CRON_SECRET`). Checks in this order so nothing leaks: no secret configured → 503; missing
 * or wrong bearer → 401 (before the job name is even looked at, so job names cannot be
 * probed); unknown job → 404; then runs the job once.
 */
export async function handleCronRequest(request: Request, job: string, deps: CronDeps): Promise<Response> {
  if (!deps.secret) return error(503, 'cron_disabled', 'Cron jobs are disabled: set CRON_SECRET to enable them.');
  if (!bearerMatches(request.headers.get('authorization'), deps.secret)) {
    return error(401, 'unauthorized', 'Missing or invalid cron secret.');
  }
  if (!isJobName(job)) return error(404, 'unknown_job', `There is no job named "${job}".`);
  // The run and its failure log under one request id (the scheduler's X-Request-Id when it sends one).
  return withLogContext({ requestId: requestIdFrom(request.headers), job }, async () => {
    try {
      return Response.json(await deps.run(job));
    } catch (cause) {
      logger.error({ err: cause, job }, `cron: job ${job} failed`);
      return error(500, 'job_failed', `The job "${job}" failed; see the server log.`);
    }
  });
}
