import { is, type SQL, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { migrateDatabase } from './migrate';
import * as schema from './schema';
import { queryRows, setupTestDb } from '@/tests/support/test-db';

const db = setupTestDb();

const expectedTables = Object.values(schema as Record<string, unknown>)
  .flatMap((value) => (is(value, PgTable) ? [getTableConfig(value).name] : []))
  .sort();

const rows = <T>(query: SQL) => queryRows<T>(db().db, query);

describe('migrations', () => {
  it('create every table of the schema in the target schema', async () => {
    const target = db().schema ?? 'public';
    const found = await rows<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = ${target} and table_type = 'BASE TABLE'`,
    );
    expect(expectedTables.length).toBeGreaterThanOrEqual(25);
    const tables = found.map((r) => r.table_name).filter((name) => name !== '__drizzle_migrations');
    expect(tables.sort()).toEqual(expectedTables);
  });

  it('record themselves in a journal inside the same schema, and a rerun applies nothing', async () => {
    const journalSchema = db().schema ?? 'drizzle';
    const journal = await rows<{ hash: string }>(
      sql`select hash from ${sql.identifier(journalSchema)}."__drizzle_migrations"`,
    );
    expect(journal.length).toBeGreaterThanOrEqual(2);
    const applied = await migrateDatabase(db().db, db().schema ? { schema: journalSchema } : {});
    expect(applied).toBe(0);
  });

  it('point foreign keys at the target schema, not at public', async () => {
    if (!db().schema) return; // PGlite databases live in public anyway
    const refs = await rows<{ target: string }>(sql`
      select distinct n2.nspname as target
      from pg_constraint c
      join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
      join pg_class t2 on t2.oid = c.confrelid join pg_namespace n2 on n2.oid = t2.relnamespace
      where c.contype = 'f' and n.nspname = ${db().schema}`);
    expect(refs.map((r) => r.target)).toEqual([db().schema]);
  });
});
