import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { setupSandbox } from '@/tests/support/billing-harness';
import { queryRows, setupTestDb } from '@/tests/support/test-db';
import { control } from '@/tests/support/webhook-harness';
import { getStripeCallStats } from '@/lib/stripe/call-stats';
import { checkReadiness, forgetReadinessCache } from './readiness';

const handle = setupTestDb();
const getStripe = setupSandbox();
const deps = () => ({ db: handle().db, migrationsSchema: handle().schema ?? undefined });

afterEach(async () => {
  forgetReadinessCache();
  await control(getStripe().sandbox, 'faults/clear');
});

/** Calls this process made to GET /v1/balance, whatever their outcome. */
function balanceCalls(): number {
  let total = 0;
  for (const [key, count] of getStripeCallStats().operations) if (key.startsWith('balance.retrieve ')) total += count;
  return total;
}

describe('readiness', () => {
  it('is ready when the database, migrations, Stripe and the local mailbox all answer', async () => {
    const readiness = await checkReadiness(deps());
    expect(readiness.ready).toBe(true);
    expect(readiness.checks.database).toMatchObject({ ok: true, detail: 'answered' });
    expect(readiness.checks.migrations.ok).toBe(true);
    expect(readiness.checks.migrations.detail).toMatch(/^\d+ applied, \d+ in this build$/);
    expect(readiness.checks.stripe).toMatchObject({ ok: true, detail: 'answered' });
    expect(readiness.checks.email).toMatchObject({ ok: true, detail: 'local transport works' });
  });

  it('asks Stripe once per cache period, then again after it', async () => {
    let now = 1_000_000;
    const clock = { ...deps(), now: () => now, cacheMs: 60_000 };
    const before = balanceCalls();
    expect((await checkReadiness(clock)).checks.stripe.cached).toBeUndefined();
    await Promise.all([checkReadiness(clock), checkReadiness(clock)]);
    expect(balanceCalls() - before).toBe(1);
    // A fault on /v1/balance would fail a fresh call: a cached answer does not see it.
    await control(getStripe().sandbox, 'faults', { path: '/v1/balance', kind: 'error', remaining: 5 });
    now += 30_000;
    expect((await checkReadiness(clock)).checks.stripe).toMatchObject({ ok: true, cached: true });
    now += 31_000;
    const fresh = await checkReadiness(clock);
    expect(fresh.ready).toBe(false);
    expect(fresh.checks.stripe.ok).toBe(false);
    expect(fresh.checks.stripe.cached).toBeUndefined();
    expect(balanceCalls() - before).toBe(2);
  });

  it('is not ready when Stripe fails, and says which check failed', async () => {
    await control(getStripe().sandbox, 'faults', { path: '/v1/balance', kind: 'error', remaining: 5 });
    const readiness = await checkReadiness(deps());
    expect(readiness.ready).toBe(false);
    expect(readiness.checks.stripe).toMatchObject({ ok: false });
    expect(readiness.checks.stripe.detail).toMatch(/StripeFailure/);
    expect(readiness.checks.database.ok).toBe(true);
    expect(readiness.checks.email.ok).toBe(true);
  });

  it('is not ready when a migration of this build has not been applied', async () => {
    const { db } = handle();
    const journal = sql.raw(`"${handle().schema ?? 'drizzle'}"."__drizzle_migrations"`);
    // Postgres pools connections, so the row is kept here rather than in a temporary table.
    const [newest] = await queryRows<{ id: number; hash: string; created_at: string }>(db, sql`select id, hash, created_at from ${journal} order by created_at desc limit 1`);
    expect(newest).toBeDefined();
    await db.execute(sql`delete from ${journal} where id = ${newest!.id}`);
    try {
      const readiness = await checkReadiness(deps());
      expect(readiness.ready).toBe(false);
      expect(readiness.checks.migrations).toMatchObject({ ok: false });
      expect(readiness.checks.migrations.detail).toMatch(/1 of \d+ migrations pending/);
    } finally {
      await db.execute(sql`insert into ${journal} (id, hash, created_at) values (${newest!.id}, ${newest!.hash}, ${newest!.created_at})`);
    }
    expect((await checkReadiness(deps())).checks.migrations.ok).toBe(true);
  });
});
