import { is, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Database } from '../client';

// Names this transaction already holds. A transaction-scoped lock lasts until its transaction
// ends, so taking it again is a wasted round trip (the apply step of one purchase asked for
// its PaymentIntent lock three times). Keyed by the transaction object: a nested transaction
// (a savepoint) is another object, so a lock taken inside one that rolls back is not assumed
// held by its parent. Outside a transaction the lock ends with its statement: never memoised.
const held = new WeakMap<object, Set<string>>();

/** A transaction-scoped advisory lock on a name: held until the transaction ends; re-entrant. */
export async function lockName(db: Database, name: string): Promise<void> {
  const inTransaction = is(db, PgTransaction);
  if (inTransaction && held.get(db)?.has(name)) return;
  await db.execute(sql`select ${advisoryLockSql(name)}`);
  if (inTransaction) noteLockHeld(db, name);
}

/** The expression that takes `lockName`'s lock, for a statement that takes it along with other work (the name may be SQL over a row's columns). */
export function advisoryLockSql(name: string | SQL) {
  return sql`pg_advisory_xact_lock(hashtextextended(${name}, 0))`;
}

/** Records that a statement of this transaction took `name`'s lock (`advisoryLockSql`): `lockName` skips it then. */
export function noteLockHeld(db: Database, name: string): void {
  if (!is(db, PgTransaction)) return;
  let names = held.get(db);
  if (!names) held.set(db, (names = new Set()));
  names.add(name);
}

/** The name of lib/billing/locks.ts `lockPurchase`'s lock. */
export function purchaseLockName(userId: string, courseId: string): string {
  return `purchase:${userId}:${courseId}`;
}

/** `purchaseLockName` in SQL, over a row's columns (fulfillment takes it with the session's row lock). */
export function purchaseLockNameSql(columns: { userId: SQLWrapper; courseId: SQLWrapper }): SQL {
  return sql`'purchase:' || ${columns.userId} || ':' || ${columns.courseId}`;
}
