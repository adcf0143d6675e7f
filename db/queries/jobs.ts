import { and, asc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { rowsOf } from '../rows';
import { jobs } from '../schema';

export type JobRow = typeof jobs.$inferSelect;

/**
 * Queues one-off work (a duplicate payment's refund, a duplicate subscription's
 * cancellation) in the caller's transaction, so it exists iff the change that caused it
 * commits. The dedupe key makes it happen at most once however often that change is applied.
 */
export async function enqueueJob(db: Database, job: { name: string; payload: Record<string, unknown>; dedupeKey: string; runAt?: Date }): Promise<{ enqueued: boolean }> {
  const rows = await db
    .insert(jobs)
    .values({ name: job.name, payload: job.payload, dedupeKey: job.dedupeKey, runAt: job.runAt ?? sql`now()` })
    .onConflictDoNothing({ target: jobs.dedupeKey })
    .returning({ id: jobs.id });
  return { enqueued: rows.length > 0 };
}

/**
 * Claims due jobs for one worker and commits: pending ones whose time has come, and running
 * ones whose lease (`locked_at` + lease) ran out because their worker died. FOR UPDATE SKIP
 * LOCKED lets any number of workers claim side by side. `attempts` doubles as a fence.
 */
export async function claimDueJobs(db: Database, params: { limit: number; workerId: string; leaseSeconds: number }): Promise<JobRow[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        or(
          and(eq(jobs.status, 'pending'), lt(jobs.runAt, sql`now()`)),
          and(eq(jobs.status, 'running'), lt(jobs.lockedAt, sql`now() - make_interval(secs => ${params.leaseSeconds})`)),
        ),
      )
      .orderBy(asc(jobs.runAt))
      .limit(params.limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(jobs)
      .set({ status: 'running', lockedAt: sql`now()`, lockedBy: params.workerId, attempts: sql`${jobs.attempts} + 1`, updatedAt: sql`now()` })
      .where(inArray(jobs.id, due.map((d) => d.id)))
      .returning();
  });
}

const held = (job: Pick<JobRow, 'id' | 'attempts'>) => and(eq(jobs.id, job.id), eq(jobs.status, 'running'), eq(jobs.attempts, job.attempts));

/** Marks a claimed job done; false when another worker took it over meanwhile. */
export async function completeJob(db: Database, job: Pick<JobRow, 'id' | 'attempts'>): Promise<boolean> {
  const rows = await db.update(jobs).set({ status: 'succeeded', finishedAt: sql`now()`, lastError: null, updatedAt: sql`now()` }).where(held(job)).returning({ id: jobs.id });
  return rows.length > 0;
}

export async function failJob(db: Database, job: Pick<JobRow, 'id' | 'attempts'>, params: { error: string; retryAt: Date | null }): Promise<void> {
  await db
    .update(jobs)
    .set(
      params.retryAt
        ? { status: 'pending', runAt: params.retryAt, lastError: params.error.slice(0, 2000), lockedAt: null, lockedBy: null, updatedAt: sql`now()` }
        : { status: 'failed', finishedAt: sql`now()`, lastError: params.error.slice(0, 2000), updatedAt: sql`now()` },
    )
    .where(held(job));
}

export async function findJobByDedupeKey(db: Database, dedupeKey: string): Promise<JobRow | null> {
  const [row] = await db.select().from(jobs).where(eq(jobs.dedupeKey, dedupeKey));
  return row ?? null;
}

export type QueueDepthRow = { name: string; state: 'due' | 'scheduled' | 'running' | 'failed'; count: number; oldestDueSeconds: number | null };

/**
 * Queued jobs not finished, per job name and state: `due` (pending, its time has come),
 * `scheduled` (pending, a later retry or start), `running` (claimed) and `failed` (parked for
 * an admin). The table only holds one-off work, so one grouped scan per metrics scrape is cheap.
 */
export async function readQueueDepth(db: Database): Promise<QueueDepthRow[]> {
  const rows = rowsOf<{ name: string; state: QueueDepthRow['state']; count: string | number; oldest: string | number | null }>(
    await db.execute(sql`
      select name, state, count(*) as count, case when state = 'due' then extract(epoch from now() - min(run_at)) end as oldest
      from (
        select name, run_at,
          case when status = 'pending' and run_at <= now() then 'due' when status = 'pending' then 'scheduled' else status end as state
        from ${jobs} where status in ('pending', 'running', 'failed')
      ) q
      group by name, state
      order by name, state`),
  );
  return rows.map((r) => ({ name: r.name, state: r.state, count: Number(r.count), oldestDueSeconds: r.oldest == null ? null : Number(r.oldest) }));
}
