import { type SQL, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows, setupTestDb } from '@/tests/support/test-db';

const db = setupTestDb();

/** The plan Postgres picks when a sequential scan and an explicit sort are off the table. */
async function planFor(query: SQL): Promise<string> {
  return db().db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    await tx.execute(sql`set local enable_sort = off`);
    const rows = await queryRows<{ 'QUERY PLAN': string }>(tx, sql`explain ${query}`);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

// Admin and learner lists page newest-first with keyset cursors; each must walk an index in
// order rather than sort a million rows. (An index declared DESC NULLS LAST would not serve
// `ORDER BY … DESC`, whose default is NULLS FIRST — this test caught exactly that.)
describe('keyset pagination indexes', () => {
  const cursor = sql`(created_at, id) < (now(), '00000000-0000-0000-0000-000000000000'::uuid)`;
  const cases: [string, SQL, string][] = [
    ['admin payments', sql`select id from payments where ${cursor} order by created_at desc, id desc limit 25`, 'payments_created_idx'],
    ['a learner\u2019s payments', sql`select id from payments where user_id = 'u' and ${cursor} order by created_at desc, id desc limit 25`, 'payments_user_created_idx'],
    ['payments by status', sql`select id from payments where status = 'succeeded' order by created_at desc, id desc limit 25`, 'payments_status_created_idx'],
    ['a learner\u2019s invoices', sql`select id from invoices where user_id = 'u' order by created_at desc, id desc limit 25`, 'invoices_user_created_idx'],
    ['subscriptions', sql`select id from subscriptions order by created_at desc, id desc limit 25`, 'subscriptions_created_idx'],
    ['webhook events', sql`select id from stripe_events order by received_at desc, id desc limit 25`, 'stripe_events_received_idx'],
    ['audit log', sql`select id from audit_log order by created_at desc, id desc limit 25`, 'audit_log_created_idx'],
    ['customers', sql`select id from users order by created_at desc, id desc limit 25`, 'users_created_idx'],
  ];
  it.each(cases)('%s walk an index in order, with no sort', async (_name, query, index) => {
    const plan = await planFor(query);
    expect(plan).toContain(index);
    expect(plan).not.toMatch(/\bSort\b/);
  });
});
