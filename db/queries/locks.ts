import { sql } from 'drizzle-orm';
import type { Database } from '../client';

/** A transaction-scoped advisory lock on a name: held until the transaction ends; re-entrant. */
export async function lockName(db: Database, name: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${name}, 0))`);
}
