import type { SQL } from 'drizzle-orm';
import { afterAll, beforeAll, expect } from 'vitest';
import { createTestDb, type Database, type DbHandle } from './client';

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
