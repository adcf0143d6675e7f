import { randomBytes } from 'node:crypto';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import postgres from 'postgres';
import type { SQL } from 'drizzle-orm';
import { afterAll, beforeAll, expect } from 'vitest';
import { type Database, type DbHandle, openPglite, openPostgres, readDbEnv } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import * as schema from '@/db/schema';
import { createMigratedPglite } from './pglite-template';

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or a new
 * `bursar_test_<random>` schema when DATABASE_URL is set (dropped afterwards, so runs never
 * collide). Call at the top of a file; the returned getter is valid inside tests.
 */
export function setupTestDb(): () => DbHandle {
  let handle: DbHandle | undefined;
  beforeAll(async () => {
    handle = await createTestDb();
  });
  afterAll(async () => {
    await handle?.close();
  });
  return () => {
    if (!handle) throw new Error('setupTestDb: database not open yet (use it inside a test)');
    return handle;
  };
}

/** The SQLSTATE of a failed query; drizzle wraps driver errors, keeping the original as cause. */
export function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** Asserts the database refused `run` with the given SQLSTATE (23505 unique, 23514 check…). */
export async function expectSqlState(run: () => Promise<unknown>, code: string) {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected SQLSTATE ${code}, but the statement succeeded`).toBeDefined();
  expect(sqlState(caught)).toBe(code);
}

/** Rows of a raw query on either driver (postgres.js returns an array, PGlite `{ rows }`). */
export async function queryRows<T>(db: Database, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export type CreateDbOptions = {
  /** Postgres URL: a fresh `bursar_test_<random>` schema, dropped on close. Else in-memory PGlite. */
  databaseUrl?: string;
  migrate?: boolean;
};

/** A fresh, isolated, migrated database for tests. Always `close()` it. */
export async function createDb(options: CreateDbOptions = {}): Promise<DbHandle> {
  if (!options.databaseUrl) {
    if (options.migrate === false) return openPglite('memory://');
    const client = await createMigratedPglite();
    return { db: drizzlePglite({ client, schema }), driver: 'pglite', schema: null, close: () => client.close() };
  }
  // The creation time in the name lets a later run drop schemas a crashed run left behind.
  const name = `bursar_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(options.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await dropStaleTestSchemas(admin);
    await admin.unsafe(`create schema "${name}"`);
  } catch (error) {
    await admin.end({ timeout: 5 });
    throw error;
  }
  const handle = openPostgres(options.databaseUrl, name);
  const dropSchema = async () => {
    await handle.close();
    await admin.unsafe(`drop schema if exists "${name}" cascade`);
    await admin.end({ timeout: 5 });
  };
  try {
    if (options.migrate !== false) await migrateDatabase(handle.db, { schema: name });
  } catch (error) {
    await dropSchema();
    throw error;
  }
  return { ...handle, schema: name, close: dropSchema };
}

const STALE_TEST_SCHEMA_MS = 6 * 60 * 60 * 1000;

async function dropStaleTestSchemas(admin: postgres.Sql) {
  const rows = await admin<{ name: string }[]>`
    select nspname as name from pg_namespace where nspname like 'bursar\_test\_%'`;
  for (const { name } of rows) {
    const created = parseInt(name.split('_')[2] ?? '', 36);
    if (Number.isFinite(created) && Date.now() - created > STALE_TEST_SCHEMA_MS) {
      await admin.unsafe(`drop schema if exists "${name}" cascade`);
    }
  }
}

/** `createDb` on whatever the environment selects: Postgres when DATABASE_URL is set. */
export function createTestDb(): Promise<DbHandle> {
  return createDb({ databaseUrl: readDbEnv().databaseUrl });
}
