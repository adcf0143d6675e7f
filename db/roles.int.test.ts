import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, openPostgres } from './client';
import { createDb } from '@/tests/support/test-db';
import { migrateDatabase } from './migrate';

// Server PostgreSQL only (CI runs the integration suite on it): PGlite has one role.
const url = process.env.DATABASE_URL;

describe.skipIf(!url)('the application role (README "Two database roles")', () => {
  const role = `bursar_app_${randomBytes(4).toString('hex')}`;
  let owner: DbHandle;
  let app: DbHandle;
  let admin: postgres.Sql;

  beforeAll(async () => {
    owner = await createDb({ databaseUrl: url });
    const schema = owner.schema!;
    admin = postgres(url!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create role ${role} login`);
    await admin.unsafe(`grant usage on schema "${schema}" to ${role}`);
    await admin.unsafe(`grant select, insert, update, delete on all tables in schema "${schema}" to ${role}`);
    await admin.unsafe(`grant usage, select on all sequences in schema "${schema}" to ${role}`);
    const appUrl = new URL(url!);
    appUrl.username = role;
    appUrl.password = '';
    app = openPostgres(appUrl.toString(), schema);
  });

  afterAll(async () => {
    await app?.close();
    await owner?.close();
    await admin?.unsafe(`drop owned by ${role}`).catch(() => {});
    await admin?.unsafe(`drop role if exists ${role}`);
    await admin?.end({ timeout: 5 });
  });

  it('starts (migrations up to date: a read, no DDL) and writes rows', async () => {
    expect(await migrateDatabase(app.db, { schema: owner.schema! })).toBe(0);
    await app.db.execute(`insert into audit_log (actor_type, action, entity_type, entity_id, data) values ('system', 'test.role', 'test', 'x', '{}')` as never);
  });

  it('cannot switch off, drop or bypass the append-only audit trigger, nor change the schema', async () => {
    const attempts = [
      'alter table audit_log disable trigger audit_log_no_update_delete',
      'drop trigger audit_log_no_update_delete on audit_log',
      'drop function audit_log_reject_mutation() cascade',
      "update audit_log set action = 'rewritten'",
      'delete from audit_log',
      'alter table payments drop constraint payments_refunded_check',
      'create table sneaky (id int)',
    ];
    for (const statement of attempts) {
      const error = await app.db.execute(statement as never).then(() => null, (e: Error) => e);
      const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      expect(reason, statement).toMatch(/must be owner|permission denied|append-only/);
    }
  });
});
