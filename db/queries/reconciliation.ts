import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { reconciliationItems, reconciliationRuns } from '../schema';

export type ReconciliationSummary = { openDifferences: number; lastSuccessAt: Date | null; lastRunAt: Date | null; lastRunStatus: string | null };

/** What the metrics and the health page show: open differences and the latest runs. */
export async function readReconciliationSummary(db: Database): Promise<ReconciliationSummary> {
  const [open] = await db.select({ count: sql<string>`count(*)` }).from(reconciliationItems).where(eq(reconciliationItems.resolution, 'open'));
  const [last] = await db.select({ startedAt: reconciliationRuns.startedAt, status: reconciliationRuns.status }).from(reconciliationRuns).orderBy(desc(reconciliationRuns.startedAt)).limit(1);
  const [success] = await db
    .select({ finishedAt: reconciliationRuns.finishedAt })
    .from(reconciliationRuns)
    .where(and(eq(reconciliationRuns.status, 'succeeded')))
    .orderBy(desc(reconciliationRuns.startedAt))
    .limit(1);
  return { openDifferences: Number(open?.count ?? 0), lastSuccessAt: success?.finishedAt ?? null, lastRunAt: last?.startedAt ?? null, lastRunStatus: last?.status ?? null };
}
