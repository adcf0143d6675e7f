import type { Database } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import { raiseAdminAlert } from '@/lib/alerts/alerts';
import { findPaymentsForLedger, findRefundsForLedger, findDisputesForLedger, findItem, listOpenItemsOfObject, resolveItem, type ReconciliationItemRow } from '@/db/queries/reconciliation-runs';
import { takeReadTicket } from '@/db/queries/stripe-events';
import { findChargeForReconciliation, findDisputeForReconciliation, findRefundForReconciliation } from '@/lib/stripe/balance';
import type { SyncContext } from '../sync/context';
import { StripeSnapshotReader } from '../sync/reader';
import { applyTarget, planTargets, readTarget, type SyncTarget, TargetOutcomes, targetKey } from '../webhooks/targets';
import { compareDispute, comparePayment, compareRefund, type Difference, differenceKey } from './compare';

/**
 * Converges these objects from Stripe exactly as the webhook workers do: read every target
 * first (a fresh read ticket, so a slower webhook read cannot write over it later), then
 * apply them all in one transaction with the same apply code. Returns the workers' lines.
 */
export async function resyncFromStripe(db: Database, targets: SyncTarget[]): Promise<string[]> {
  const planned = planTargets(targets);
  const version = await takeReadTicket(db);
  const reader = new StripeSnapshotReader();
  const snapshots: Awaited<ReturnType<typeof readTarget>>[] = [];
  for (const target of planned) snapshots.push(await readTarget(db, reader, target));
  reader.freeze();
  const ctx: SyncContext = { eventId: null, eventCreatedAt: null, version };
  return db.transaction(async (tx) => {
    const outcomes = new TargetOutcomes();
    for (const [i, target] of planned.entries()) await applyTarget(tx, snapshots[i]!, ctx, target, outcomes);
    return planned.map((t) => outcomes.lines.get(targetKey(t)) ?? '').filter(Boolean);
  });
}

/** What Stripe and the ledger say about an item's object now, as differences (none: they agree). */
export async function currentDifferences(db: Database, item: Pick<ReconciliationItemRow, 'objectType' | 'stripeObjectId' | 'expected' | 'actual'>): Promise<Difference[] | null> {
  const hint = { ...((item.expected as Record<string, unknown> | null) ?? {}), ...((item.actual as Record<string, unknown> | null) ?? {}) };
  switch (item.objectType) {
    case 'payment': {
      const [local] = await findPaymentsForLedger(db, [item.stripeObjectId], []);
      const chargeId = local?.stripeChargeId ?? (typeof hint.chargeId === 'string' ? hint.chargeId : null);
      if (!chargeId) return null;
      const found = await findChargeForReconciliation(chargeId);
      if (!found || found.source.kind !== 'charge') return null;
      return comparePayment(found.source, found.settlement, local ?? null, null);
    }
    case 'refund': {
      const found = await findRefundForReconciliation(item.stripeObjectId);
      if (!found || found.kind !== 'refund') return null;
      const [local] = await findRefundsForLedger(db, [item.stripeObjectId]);
      return compareRefund(found, local ?? null);
    }
    case 'dispute': {
      const found = await findDisputeForReconciliation(item.stripeObjectId);
      if (!found || found.kind !== 'dispute') return null;
      const [local] = await findDisputesForLedger(db, [item.stripeObjectId]);
      return compareDispute(found, local ?? null);
    }
    default:
      return null;
  }
}

export type ResyncOutcome = { resolved: number; stillOpen: number; note: string };

/**
 * "Re-sync from Stripe" on one difference: converge its object through the webhook sync code,
 * compare again, and settle every open item of that object in the run that now agrees. What
 * re-sync could not explain stays open with a note (and keeps the dashboard's alert on). One
 * audit row records who asked, what was re-read, and each item's before and after.
 */
export async function resyncItem(db: Database, itemId: string, actor: { userId: string | null; requestId?: string | null }): Promise<ResyncOutcome> {
  const item = await findItem(db, itemId);
  if (!item) throw new ReconciliationError('This difference no longer exists.');
  if (item.resolution !== 'open') throw new ReconciliationError('This difference is already settled.');
  if (!item.target) throw new ReconciliationError('Stripe has nothing to re-sync this from: it does not know this object. Investigate it, then mark it ignored with a note.');
  const lines = await resyncFromStripe(db, [item.target as SyncTarget]);
  const now = await currentDifferences(db, item);
  const remaining = new Set((now ?? []).map(differenceKey));
  const items = await listOpenItemsOfObject(db, item.runId, item.objectType, item.stripeObjectId);
  let resolved = 0;
  const changes: Record<string, unknown>[] = [];
  for (const open of items) {
    const key = differenceKey({ objectType: item.objectType as Difference['objectType'], stripeObjectId: open.stripeObjectId, issue: open.issue, field: open.field });
    const fixed = now !== null && !remaining.has(key);
    const note = fixed ? `Re-synced from Stripe: ${lines.join('; ') || 'converged'}` : 'Re-sync from Stripe did not explain this difference; it stays open.';
    await resolveItem(db, open.id, { resolution: fixed ? 'resolved' : 'open', note, userId: actor.userId });
    if (fixed) resolved += 1;
    changes.push({ item: open.id, issue: open.issue, field: open.field, before: 'open', after: fixed ? 'resolved' : 'open' });
  }
  await appendAudit(db, {
    actorType: actor.userId ? 'admin' : 'system',
    actorUserId: actor.userId,
    action: 'reconciliation.resync',
    entityType: item.objectType,
    entityId: item.stripeObjectId,
    data: { runId: item.runId, target: item.target, result: lines, items: changes },
    requestId: actor.requestId ?? null,
  });
  const stillOpen = items.length - resolved;
  if (stillOpen > 0) {
    await raiseAdminAlert(db, {
      kind: 'reconciliation_difference',
      dedupeKey: `reconciliation-unexplained:${item.id}`,
      title: `Re-sync from Stripe did not explain a difference on ${item.objectType} ${item.stripeObjectId}`,
      detail: `${stillOpen} difference(s) stay open after re-reading it from Stripe: investigate, then record why it is fine.`,
      href: `/admin/reconciliation/${item.runId}`,
    });
  }
  return { resolved, stillOpen, note: stillOpen === 0 ? 'Re-synced from Stripe; the ledger now agrees.' : `Re-synced from Stripe; ${stillOpen} difference(s) remain open.` };
}

/** Marks a difference as understood and not to be repaired (e.g. a test object), with a reason. */
export async function ignoreItem(db: Database, itemId: string, note: string, actor: { userId: string; requestId?: string | null }): Promise<void> {
  const item = await findItem(db, itemId);
  if (!item) throw new ReconciliationError('This difference no longer exists.');
  if (item.resolution !== 'open') throw new ReconciliationError('This difference is already settled.');
  await db.transaction(async (tx) => {
    await resolveItem(tx, item.id, { resolution: 'ignored', note, userId: actor.userId });
    await appendAudit(tx, {
      actorType: 'admin',
      actorUserId: actor.userId,
      action: 'reconciliation.ignore',
      entityType: item.objectType,
      entityId: item.stripeObjectId,
      data: { runId: item.runId, item: item.id, issue: item.issue, field: item.field, before: { resolution: 'open' }, after: { resolution: 'ignored', note } },
      requestId: actor.requestId ?? null,
    });
  });
}

/** A refusal an admin reads as is. */
export class ReconciliationError extends Error {
  override name = 'ReconciliationError';
}
