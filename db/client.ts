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

export function openPostgres(url: string, searchPath?: string, options: { prepare?: boolean } = {}): DbHandle {
  const client = postgres(url, {
    onnotice: () => {}, // "schema already exists, skipping" and friends
    ...(searchPath ? { connection: { search_path: searchPath } } : {}),
  });
  const prepare = options.prepare ?? env.DATABASE_PREPARE;
  const db = drizzlePostgres({ client: prepare ? preparing(client) : client, schema });
  return { db, driver: 'postgres', schema: null, close: () => client.end({ timeout: 5 }) };
}

/**
 * postgres.js with every statement Drizzle sends prepared once per connection and reused.
 * Drizzle runs its queries through `sql.unsafe`, which postgres.js does not prepare: each
 * statement is then parsed and planned anew, and — having parameters — costs two round trips
 * (a describe to learn the parameter types, then the execution). Prepared, a repeated
 * statement is one round trip with no parse (bench:webhooks: about half of PostgreSQL's time
 * per statement was parse and bind). Statements without parameters keep the simple protocol
 * (migrations: several statements in one string). Transactions and savepoints hand Drizzle
 * their own client, so those are wrapped too. `DATABASE_PREPARE=0` turns it off.
 */
function preparing(sql: postgres.Sql): postgres.Sql {
  type Callback = (inner: postgres.Sql) => unknown;
  const wrapCallback = (args: unknown[]) => args.map((arg) => (typeof arg === 'function' ? (inner: postgres.Sql) => (arg as Callback)(preparing(inner)) : arg));
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (query: string, params?: unknown[], options?: Record<string, unknown>) =>
          target.unsafe(query, params as never, { ...options, prepare: true });
      }
      if (property === 'begin' || property === 'savepoint') {
        const method = Reflect.get(target, property, receiver) as (...args: unknown[]) => unknown;
        return (...args: unknown[]) => method.apply(target, wrapCallback(args));
      }
      return Reflect.get(target, property, receiver);
    },
  });
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
