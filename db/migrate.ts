import path from 'node:path';
import { desc, sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { bigint, pgSchema, serial, text } from 'drizzle-orm/pg-core';
import type { Database } from './client';
import { rowsOf } from './rows';

export type MigrateOptions = {
  /** Defaults to `<cwd>/db/migrations`: Next bundles server code, so import.meta.url paths break. */
  migrationsFolder?: string;
  /**
   * Apply into this schema instead of `public` (test isolation). The journal table goes there
   * too, so each schema tracks its own migrations.
   */
  schema?: string;
};

export const defaultMigrationsFolder = () => path.join(process.cwd(), 'db', 'migrations');

function journalTable(schemaName: string) {
  // Same layout as drizzle's own migrator, so `drizzle-kit migrate` and this agree.
  return pgSchema(schemaName).table('__drizzle_migrations', {
    id: serial('id').primaryKey(),
    hash: text('hash').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }),
  });
}

/**
 * Applies pending drizzle-kit migrations in one transaction.
 *
 * Why not drizzle's `migrate()`: (1) drizzle-kit writes foreign keys as `"public"."users"`, so
 * migrating into a per-test schema needs that prefix rewritten; (2) several app instances or a
 * worker may start at once against one Postgres, so we take an advisory lock first and the
 * second one finds nothing left to do instead of racing to create the same tables.
 */
export async function migrateDatabase(db: Database, options: MigrateOptions = {}): Promise<number> {
  const folder = options.migrationsFolder ?? defaultMigrationsFolder();
  const target = options.schema;
  const journalSchema = target ?? 'drizzle';
  const journal = journalTable(journalSchema);
  const migrations = readMigrationFiles({ migrationsFolder: folder });

  // Nothing pending: answer from a read alone, so an app running as a role that may only
  // read and write rows (README "Two database roles") starts without any DDL.
  if (await isUpToDate(db, journalSchema, migrations.at(-1)?.folderMillis ?? 0)) return 0;

  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`bursar.migrate.${journalSchema}`}))`);
    await tx.execute(sql`create schema if not exists ${sql.identifier(journalSchema)}`);
    await tx.execute(sql`create table if not exists ${sql.identifier(journalSchema)}."__drizzle_migrations" (
      id serial primary key, hash text not null, created_at bigint)`);
    const [last] = await tx
      .select({ createdAt: journal.createdAt })
      .from(journal)
      .orderBy(desc(journal.createdAt))
      .limit(1);
    let applied = 0;
    for (const migration of migrations) {
      if (last && Number(last.createdAt) >= migration.folderMillis) continue;
      for (const statement of migration.sql) {
        const text = target ? statement.replaceAll('"public".', `"${target}".`) : statement;
        if (text.trim()) await tx.execute(sql.raw(text));
      }
      await tx.insert(journal).values({ hash: migration.hash, createdAt: migration.folderMillis });
      applied += 1;
    }
    return applied;
  });
}

async function isUpToDate(db: Database, journalSchema: string, newest: number): Promise<boolean> {
  const [table] = rowsOf<{ present: boolean }>(await db.execute(sql`select to_regclass(${`"${journalSchema}"."__drizzle_migrations"`}) is not null as present`));
  if (!table?.present) return false;
  const journal = journalTable(journalSchema);
  const [last] = await db.select({ createdAt: journal.createdAt }).from(journal).orderBy(desc(journal.createdAt)).limit(1);
  return last !== undefined && Number(last.createdAt) >= newest;
}

export type MigrationStatus = { current: boolean; files: number; applied: number; pending: number; newestApplied: number | null };

/**
 * What the readiness check reports: how many migration files ship with this build and how many
 * the database has applied. `current` when nothing is pending; a database ahead of the build
 * (a rollback to older code) is current too, as the older code's tables are all there.
 */
export async function readMigrationStatus(db: Database, options: MigrateOptions = {}): Promise<MigrationStatus> {
  const migrations = readMigrationFiles({ migrationsFolder: options.migrationsFolder ?? defaultMigrationsFolder() });
  const journalSchema = options.schema ?? 'drizzle';
  const [table] = rowsOf<{ present: boolean }>(await db.execute(sql`select to_regclass(${`"${journalSchema}"."__drizzle_migrations"`}) is not null as present`));
  if (!table?.present) return { current: migrations.length === 0, files: migrations.length, applied: 0, pending: migrations.length, newestApplied: null };
  const journal = journalTable(journalSchema);
  const rows = await db.select({ createdAt: journal.createdAt }).from(journal);
  const appliedAt = new Set(rows.map((r) => Number(r.createdAt)));
  const newestApplied = rows.length ? Math.max(...appliedAt) : null;
  const pending = migrations.filter((m) => newestApplied === null || m.folderMillis > newestApplied).length;
  return { current: pending === 0, files: migrations.length, applied: rows.length, pending, newestApplied };
}
