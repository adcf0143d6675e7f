import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { assertLaneLease, type ClaimedLane, completeLaneBatch, LaneLeaseLost, recordLaneFailure, type WaitingEvent } from '@/db/queries/stripe-events';
import { observeFailedEvents, observeProcessedEvents, getMetrics } from '@/lib/ops/metrics';
import { env } from '@/lib/env';
import type { SyncContext } from '../sync/context';
import { StripeSnapshotReader } from '../sync/reader';
import { stripeEventHandlers } from './dispatch';
import { parseStoredEvent } from './stored-event';
import { applyTarget, firstLockOf, planTargets, readTarget, type SyncTarget, targetKey, TargetOutcomes } from './targets';
import type { WebhookHandler, WebhookHandlers } from './types';

export type LaneProcessingOptions = {
  handlers?: WebhookHandlers;
  /** Attempts before an event goes to the dead letter. */
  maxAttempts?: number;
  /** Wait before the n-th retry of a failed batch. */
  retryDelayMs?: (attempt: number) => number;
};

export type LaneResult = { lane: string; processed: number; failed: number; dead: number; reads: number; leaseLost: boolean };

export const DEFAULT_MAX_ATTEMPTS = 10;

/** 5 s, 10 s, 20 s … capped at an hour (`WEBHOOK_RETRY_BASE_MS` sets the first): ten attempts span about three hours. */
export function defaultRetryDelayMs(attempt: number, baseMs = env.WEBHOOK_RETRY_BASE_MS): number {
  return Math.min(60 * 60_000, baseMs * 2 ** Math.max(0, attempt - 1));
}

type Planned = { row: WaitingEvent; event: Stripe.Event; handler: WebhookHandler<Stripe.Event> | undefined; targets: SyncTarget[] };

/**
 * Processes one claimed lane: the waiting events its claim read, oldest first, as one batch
 * (`claimDueLanes` picks them, and the read ticket). Reads every
 * target the batch names from Stripe first — once each, outside any transaction — then in
 * one transaction applies them, runs each event's own effects, marks the events processed
 * and releases the lane. A failure rolls all of that back and backs the lane off; an event
 * out of attempts goes to the dead letter (kept, with its error, for an admin to replay).
 */
export async function processClaimedLane(db: Database, claim: ClaimedLane, options: LaneProcessingOptions = {}): Promise<LaneResult> {
  const handlers = options.handlers ?? stripeEventHandlers;
  const result: LaneResult = { lane: claim.lane, processed: 0, failed: 0, dead: 0, reads: 0, leaseLost: false };
  const rows = claim.events;
  if (rows.length === 0) {
    try {
      await db.transaction(async (tx) => {
        await assertLaneLease(tx, claim);
        await completeLaneBatch(tx, claim, []);
      });
    } catch (error) {
      if (!(error instanceof LaneLeaseLost)) throw error;
      result.leaseLost = true;
    }
    return result;
  }
  const endTimer = getMetrics().webhookBatchDuration.startTimer();
  try {
    const planned: Planned[] = rows.map((row) => {
      const event = parseStoredEvent(row.payload);
      const handler = handlers[event.type as keyof WebhookHandlers] as WebhookHandler<Stripe.Event> | undefined;
      return { row, event, handler, targets: handler ? handler.targets(event) : [] };
    });
    const targets = planTargets(planned.flatMap((p) => p.targets));
    const version = claim.ticket;
    const reader = new StripeSnapshotReader();
    // Sessions first: a session read carries its PaymentIntent, sparing the intent's own read.
    const sessions = targets.filter((t) => t.kind === 'checkout');
    const others = targets.filter((t) => t.kind !== 'checkout');
    const snapshots = new Map<string, Awaited<ReturnType<typeof readTarget>>>();
    for (const group of [sessions, others]) {
      const read = await Promise.all(group.map((t) => readTarget(db, reader, t)));
      group.forEach((t, i) => snapshots.set(targetKey(t), read[i]!));
    }
    reader.freeze();
    result.reads = reader.reads;

    const firstTarget = targets[0];
    const firstLock = firstTarget ? firstLockOf(snapshots.get(targetKey(firstTarget))!) : null;
    await db.transaction(async (tx) => {
      await assertLaneLease(tx, claim, firstLock ?? undefined);
      const outcomes = new TargetOutcomes();
      for (const target of targets) {
        // Audit rows of a target are keyed by the first event that named it.
        const first = planned.find((p) => p.targets.some((t) => targetKey(t) === targetKey(target)))!;
        const ctx: SyncContext = { eventId: first.row.id, eventCreatedAt: first.row.stripeCreatedAt, version };
        await applyTarget(tx, snapshots.get(targetKey(target))!, ctx, target, outcomes);
      }
      const results: { id: string; result: string }[] = [];
      for (const p of planned) {
        const lines = p.targets.map((t) => outcomes.lines.get(targetKey(t))).filter(Boolean) as string[];
        if (!p.handler) lines.push(`no handler for ${p.event.type}; nothing to do`);
        const extra = p.handler?.after ? await p.handler.after(tx, p.event, outcomes, { eventId: p.row.id, eventCreatedAt: p.row.stripeCreatedAt, version }) : null;
        if (extra) lines.push(extra);
        results.push({ id: p.row.id, result: `${p.event.type}: ${lines.join('; ') || 'nothing to sync'}` });
      }
      await completeLaneBatch(tx, claim, results);
    });
    result.processed = rows.length;
    observeProcessedEvents(planned.map((p) => ({ type: p.event.type, receivedAt: p.row.receivedAt, stripeCreatedAt: p.row.stripeCreatedAt, object: p.event.data.object })));
    endTimer();
    return result;
  } catch (error) {
    if (error instanceof LaneLeaseLost) return { ...result, leaseLost: true };
    const message = describeError(error);
    const attempt = claim.attempts + 1;
    const { dead } = await recordLaneFailure(db, claim, {
      eventIds: rows.map((r) => r.id),
      error: message,
      maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      retryAt: new Date(Date.now() + (options.retryDelayMs ?? ((n: number) => defaultRetryDelayMs(n)))(attempt)),
    });
    observeFailedEvents(rows.map((r) => r.type), rows.filter((r) => dead.includes(r.id)).map((r) => r.type));
    return { ...result, failed: rows.length - dead.length, dead: dead.length };
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : '';
  return `${error.name}: ${error.message}${cause}`;
}
