import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { env } from '@/lib/env';
import { migrateDatabase } from './migrate';
import { lockPgliteDir } from './pglite-lock';
import * as schema from './schema';
import { globalSingleton } from './singleton';

export type Schema = typeof schema;
/** One type for both drivers; queries take this (or a transaction, which is a subtype). */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type DbHandle = {
  db: Database;
  driver: 'pglite' | 'postgres';
  /** The isolated schema a test database lives in (Postgres only, tests/support/test-db.ts), else null. */
  schema: string | null;
  close: () => Promise<void>;
};

// The one place db/ reads configuration (validated by lib/env.ts).
export function readDbEnv() {
  return {
    databaseUrl: env.DATABASE_URL,
    pgliteDir: env.PGLITE_DIR ?? path.join(env.DATA_DIR, 'pglite'),
  };
}

export async function openPglite(dataDir: string): Promise<DbHandle> {
  if (dataDir.startsWith('memory://')) {
    const client = await PGlite.create(dataDir);
    return { db: drizzlePglite({ client, schema }), driver: 'pglite', schema: null, close: () => client.close() };
  }
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockPgliteDir(dataDir);
  try {
    const client = await PGlite.create(dataDir);
    const close = async () => {
      try {
        await client.close();
      } finally {
        unlock();
      }
    };
    return { db: drizzlePglite({ client, schema }), driver: 'pglite', schema: null, close };
  } catch (error) {
    unlock();
    throw error;
  }
}

export function openPostgres(url: string, searchPath?: string): DbHandle {
  const client = postgres(url, {
    onnotice: () => {}, // "schema already exists, skipping" and friends
    ...(searchPath ? { connection: { search_path: searchPath } } : {}),
  });
  const db = drizzlePostgres({ client, schema });
  return { db, driver: 'postgres', schema: null, close: () => client.end({ timeout: 5 }) };
}

export type OpenDbConfig = { databaseUrl?: string; pgliteDir: string };

/** Opens the configured database and applies pending migrations; closes it again on failure. */
export async function openDatabase(config: OpenDbConfig): Promise<DbHandle> {
  const handle = config.databaseUrl ? openPostgres(config.databaseUrl) : await openPglite(config.pgliteDir);
  try {
    await migrateDatabase(handle.db);
    return handle;
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
}

// On globalThis so Next dev reloads (which re-evaluate modules) reuse one connection and,
// for PGlite, never open the same data directory twice in one process.
const processDb = globalSingleton('__bursarDb', () => openDatabase(readDbEnv()));

/** The process-wide database, migrated on first use; a failed open is retried next call. */
export async function getDb(): Promise<Database> {
  return (await processDb.get()).db;
}

export async function closeDb(): Promise<void> {
  await (await processDb.take())?.close();
}
