import { eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { stripeEvents } from '@/db/schema';
import { stripeEventHandlers } from './dispatch';
import type { WebhookHandler, WebhookHandlers } from './types';

export type ProcessOutcome = { status: 'processed' | 'ignored' | 'duplicate'; result: string };
export type ProcessOptions = {
  /** The handler map; tests pass one with a handler made to fail. */
  handlers?: WebhookHandlers;
  /** Run the handler even if the event was processed before (an admin's replay). */
  force?: boolean;
};

/**
 * Processes a recorded event in one transaction: lock its row (so two app instances given
 * the same event apply it once: the second waits, then sees it processed), dispatch, write
 * every effect, mark it processed. A handler error rolls all of that back; the failure is
 * then recorded in its own statement and rethrown, so the route answers 500 and Stripe retries.
 */
export async function processStripeEvent(db: Database, eventId: string, options: ProcessOptions = {}): Promise<ProcessOutcome> {
  const handlers = options.handlers ?? stripeEventHandlers;
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.select().from(stripeEvents).where(eq(stripeEvents.id, eventId)).for('update');
      if (!row) throw new Error(`stripe event ${eventId} is not recorded`);
      if (!options.force && (row.status === 'processed' || row.status === 'ignored')) {
        return { status: 'duplicate', result: row.result ?? '' } as const;
      }
      const event = row.payload as unknown as Stripe.Event;
      const handler = handlers[event.type] as WebhookHandler<Stripe.Event> | undefined;
      if (!handler) {
        const result = `ignored: no handler for ${event.type}`;
        await tx.update(stripeEvents).set({ status: 'ignored', processedAt: sql`now()`, result }).where(eq(stripeEvents.id, eventId));
        return { status: 'ignored', result } as const;
      }
      const result = await handler(tx, event, { eventId, eventCreatedAt: row.stripeCreatedAt });
      await tx
        .update(stripeEvents)
        .set({ status: 'processed', processedAt: sql`now()`, attempts: sql`${stripeEvents.attempts} + 1`, lastError: null, result })
        .where(eq(stripeEvents.id, eventId));
      return { status: 'processed', result } as const;
    });
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await db
      .update(stripeEvents)
      .set({ status: 'failed', attempts: sql`${stripeEvents.attempts} + 1`, lastError: message.slice(0, 2000) })
      .where(eq(stripeEvents.id, eventId));
    throw error;
  }
}

/** Runs a recorded event again, even if it was processed (admin dashboard). Effects stay keyed. */
export function replayStripeEvent(db: Database, eventId: string, options: Omit<ProcessOptions, 'force'> = {}): Promise<ProcessOutcome> {
  return processStripeEvent(db, eventId, { ...options, force: true });
}
