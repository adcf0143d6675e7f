import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { readDbEnv } from '@/db/client';
import { payments } from '@/db/schema';
import { queryRows, setupTestDb, sqlState } from '@/tests/support/test-db';

// Every purchase of a day and currency adds to the same revenue_daily and
// payment_outcomes_daily rows. The triggers that keep them fire at commit (migration
// 0020_rollup_triggers_at_commit): a webhook batch that wrote a payment must not hold those
// rows for the rest of its transaction, or concurrent batches run one at a time (measured by
// bench:webhooks). PostgreSQL only: PGlite has one connection, so nothing runs concurrently.

const getDb = setupTestDb();

describe.skipIf(!readDbEnv().databaseUrl)('rollup triggers under concurrent purchases (PostgreSQL)', () => {
  it("a transaction that wrote a captured payment does not block another one's payment until it commits; both are counted", async () => {
    const { db } = getDb();
    const at = new Date(Date.UTC(2003, 4, 6, 12));
    let inserted!: () => void;
    const aInserted = new Promise<void>((resolve) => (inserted = resolve));
    let release!: () => void;
    const bDone = new Promise<void>((resolve) => (release = resolve));
    const a = db.transaction(async (tx) => {
      await tx.insert(payments).values({ stripePaymentIntentId: 'pi_rollup_a', amount: 1000, currency: 'usd', status: 'succeeded', createdAt: at, succeededAt: at });
      inserted();
      await bDone; // A stays open, as a webhook batch does while it writes the enrollment, the receipt…
    });
    await aInserted;
    let refused: string | undefined;
    try {
      await db.transaction(async (tx) => {
        await tx.execute(sql`set local lock_timeout = '3s'`);
        await tx.insert(payments).values({ stripePaymentIntentId: 'pi_rollup_b', amount: 2500, currency: 'usd', status: 'succeeded', createdAt: at, succeededAt: at });
      });
    } catch (error) {
      refused = sqlState(error); // 55P03 lock_not_available: B waited for A's rollup rows
    } finally {
      release();
      await a;
    }
    expect(refused).toBeUndefined();

    const [gross] = await queryRows<{ amount: string | number; count: number }>(
      db,
      sql`select gross_amount as amount, gross_count as count from revenue_daily where day = '2003-05-06' and currency = 'usd'`,
    );
    expect({ amount: Number(gross?.amount), count: Number(gross?.count) }).toEqual({ amount: 3500, count: 2 });
    const [outcomes] = await queryRows<{ amount: string | number; count: number }>(
      db,
      sql`select amount, count from payment_outcomes_daily where day = '2003-05-06' and currency = 'usd' and status = 'succeeded'`,
    );
    expect({ amount: Number(outcomes?.amount), count: Number(outcomes?.count) }).toEqual({ amount: 3500, count: 2 });
  });
});
