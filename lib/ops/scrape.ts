import type { Database } from '@/db/client';
import { readQueueDepth } from '@/db/queries/jobs';
import { readOutboxBacklog } from '@/db/queries/outbox';
import { readReconciliationSummary } from '@/db/queries/reconciliation';
import { readWebhookBacklog } from '@/db/queries/stripe-events';
import { getMetrics } from './metrics';

/**
 * Sets the database-derived gauges, then renders every metric in Prometheus' text format.
 * Four reads per scrape (three indexed, one grouped scan of the small jobs table); with `db` null (a worker without a database handle) only
 * the process's own counters are rendered.
 */
export async function renderMetrics(db: Database | null): Promise<{ contentType: string; body: string }> {
  const m = getMetrics();
  if (db) {
    const [webhooks, outbox, reconciliation, queue] = await Promise.all([
      readWebhookBacklog(db),
      readOutboxBacklog(db),
      readReconciliationSummary(db),
      readQueueDepth(db),
    ]);
    m.webhookBacklog.set({ state: 'waiting' }, webhooks.waiting);
    m.webhookBacklog.set({ state: 'retrying' }, webhooks.failing);
    m.webhookBacklog.set({ state: 'dead' }, webhooks.dead);
    m.webhookLagNow.set(webhooks.oldestWaitingSeconds ?? 0);
    m.outboxBacklog.set({ status: 'pending' }, outbox.pending);
    m.outboxBacklog.set({ status: 'failed' }, outbox.failed);
    m.outboxOldestPending.set(outbox.oldestPendingSeconds ?? 0);
    // Reset first: a job name whose queue emptied must not keep showing its last count.
    m.queueDepth.reset();
    for (const row of queue) m.queueDepth.set({ name: row.name, state: row.state }, row.count);
    m.queueOldestDue.set(Math.max(0, ...queue.map((row) => row.oldestDueSeconds ?? 0)));
    m.reconciliationOpen.set(reconciliation.openDifferences);
    m.reconciliationLastSuccess.set(reconciliation.lastSuccessAt ? reconciliation.lastSuccessAt.getTime() / 1000 : 0);
  }
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}
