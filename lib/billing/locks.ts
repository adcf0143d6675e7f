import type { Database } from '@/db/client';
import { lockName, noteLockHeld, purchaseLockName } from '@/db/queries/locks';

/**
 * Serialises, until the transaction ends, all work on one PaymentIntent: fulfillment (which
 * locks our checkout session, then writes the payment) and payment events (which write the
 * payment, then link it to the session — an FK check that locks the session row) otherwise
 * take the same two rows in opposite orders and deadlock on Postgres under concurrent
 * deliveries. Taking this lock first, everywhere, gives one order. Free on PGlite's single
 * connection.
 */
export function lockPaymentIntent(db: Database, paymentIntentId: string): Promise<void> {
  return lockName(db, paymentIntentLockName(paymentIntentId));
}

/** The name of `lockPaymentIntent`'s lock (a webhook batch takes it with its lease check). */
export function paymentIntentLockName(paymentIntentId: string): string {
  return `payment_intent:${paymentIntentId}`;
}

/** Records that a statement of this transaction took the purchase lock (`purchaseLockNameSql`). */
export function notePurchaseLocked(db: Database, userId: string, courseId: string): void {
  noteLockHeld(db, purchaseLockName(userId, courseId));
}

/**
 * Serialises the fulfillment of two payments for one learner and course (two Checkout tabs
 * paid at once): under it, exactly one of them becomes the purchase and the other is
 * recognised as a duplicate. Taken after the PaymentIntent lock; fulfillment takes it in the
 * statement that locks its checkout session row (`lockAndMirrorCheckoutSession`, `notePurchaseLocked`).
 */
export function lockPurchase(db: Database, userId: string, courseId: string): Promise<void> {
  return lockName(db, purchaseLockName(userId, courseId));
}
