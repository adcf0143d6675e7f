import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows, setupTestDb } from '@/tests/support/test-db';
import type { Database } from '../client';
import { stripeEventLanes } from '../schema';
import { assertLaneLease, claimDueLanes, LaneLeaseLost, recordStripeEvents } from './stripe-events';

// A lane batch checks its lease and takes the lock its first write needs (a purchase's
// PaymentIntent lock) in one statement: the lane row first, then the advisory lock, and no
// advisory lock at all when the lane is gone.

const getDb = setupTestDb();
let n = 0;

async function claimNewLane(db: Database) {
  n += 1;
  const lane = `pi_lease_${n}_${Date.now()}`;
  await recordStripeEvents(db, [
    {
      id: `evt_lease_${lane}`,
      type: 'payment_intent.succeeded',
      objectId: lane,
      lane,
      apiVersion: null,
      livemode: false,
      stripeCreatedAt: new Date(),
      payloadJson: JSON.stringify({ id: `evt_lease_${lane}`, type: 'payment_intent.succeeded', data: { object: { id: lane } } }),
      coalesceMs: 0,
    },
  ]);
  const claims = await claimDueLanes(db, { limit: 10, workerId: 'lease-test', leaseSeconds: 30, batchSize: 10 });
  const claim = claims.find((c) => c.lane === lane);
  if (!claim) throw new Error('lane not claimed');
  return claim;
}

/** Advisory locks this session holds, by key (hashtextextended of the name). */
async function advisoryLocks(db: Database, name: string): Promise<number> {
  const [row] = await queryRows<{ n: string | number }>(
    db,
    sql`select count(*) as n from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() and granted
      and ((classid::bigint << 32) | objid::bigint) = (hashtextextended(${name}, 0) & x'ffffffffffffffff'::bigint)`,
  );
  return Number(row?.n ?? 0);
}

describe('assertLaneLease with the first lock of a batch', () => {
  it('holds the lease: the lane row and the advisory lock are held until the transaction ends', async () => {
    const { db } = getDb();
    const claim = await claimNewLane(db);
    const name = `payment_intent:${claim.lane}`;
    await db.transaction(async (tx) => {
      expect(await advisoryLocks(tx, name)).toBe(0);
      await assertLaneLease(tx, claim, name);
      expect(await advisoryLocks(tx, name)).toBe(1);
    });
    expect(await advisoryLocks(db, name)).toBe(0);
  });

  it('a lost lease throws and leaves no advisory lock taken when the lane is gone', async () => {
    const { db } = getDb();
    const claim = await claimNewLane(db);
    const name = `payment_intent:${claim.lane}`;
    await db.execute(sql`delete from ${stripeEventLanes} where lane = ${claim.lane}`);
    await db.transaction(async (tx) => {
      await expect(assertLaneLease(tx, claim, name)).rejects.toBeInstanceOf(LaneLeaseLost);
      expect(await advisoryLocks(tx, name)).toBe(0);
    });
  });

  it('a lease taken over by another worker throws', async () => {
    const { db } = getDb();
    const claim = await claimNewLane(db);
    await db.execute(sql`update ${stripeEventLanes} set lease_token = lease_token + 1 where lane = ${claim.lane}`);
    await expect(db.transaction((tx) => assertLaneLease(tx, claim, `payment_intent:${claim.lane}`))).rejects.toBeInstanceOf(LaneLeaseLost);
    await expect(db.transaction((tx) => assertLaneLease(tx, claim))).rejects.toBeInstanceOf(LaneLeaseLost);
  });
});
