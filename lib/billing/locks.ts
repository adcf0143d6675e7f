import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';

/**
 * Serialises, until the transaction ends, all work on one PaymentIntent: fulfillment (which
 * locks our checkout session, then writes the payment) and payment events (which write the
 * payment, then link it to the session — an FK check that locks the session row) otherwise
 * take the same two rows in opposite orders and deadlock on Postgres under concurrent
 * deliveries. Taking this lock first, everywhere, gives one order. Re-entrant within a
 * transaction; free on PGlite's single connection.
 */
export async function lockPaymentIntent(db: Database, paymentIntentId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`payment_intent:${paymentIntentId}`}, 0))`);
}
