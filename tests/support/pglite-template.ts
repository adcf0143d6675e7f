import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { defaultMigrationsFolder, migrateDatabase } from '@/db/migrate';
import * as schema from '@/db/schema';

/**
 * A fresh in-memory PGlite with our migrations applied, for tests.
 *
 * Creating a PGlite runs initdb inside WASM (~2-4 s), and every integration test file needs a
 * fresh database. So the first one dumps its migrated data directory to a temp file keyed by
 * the PGlite version and the migration files; later files load that dump (~1 s). Any problem
 * with the cache falls back to the slow path, and migrations still run after a load, so a
 * stale template can only cost time, never correctness.
 */
export async function createMigratedPglite(migrationsFolder = defaultMigrationsFolder()): Promise<PGlite> {
  const file = templatePath(migrationsFolder);
  const cached = readIfExists(file);
  if (cached) {
    try {
      const client = await PGlite.create('memory://', { loadDataDir: new Blob([new Uint8Array(cached)]) });
      await migrateDatabase(drizzle({ client, schema }), { migrationsFolder });
      return client;
    } catch {
      // Unreadable or incompatible template: rebuild below.
    }
  }
  const client = await PGlite.create('memory://');
  await migrateDatabase(drizzle({ client, schema }), { migrationsFolder });
  try {
    const dump = Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer());
    mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, dump);
    renameSync(partial, file); // atomic: concurrent test workers never read half a file
  } catch {
    // The cache is an optimisation; a read-only temp dir just means slower tests.
  }
  return client;
}

function templatePath(migrationsFolder: string): string {
  const hash = createHash('sha256');
  hash.update(pgliteVersion());
  for (const name of readdirSync(migrationsFolder).filter((n) => n.endsWith('.sql')).sort()) {
    hash.update(name).update(readFileSync(path.join(migrationsFolder, name)));
  }
  hash.update(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json')));
  return path.join(tmpdir(), 'bursar-pglite-templates', `${hash.digest('hex').slice(0, 16)}.tar`);
}

function pgliteVersion(): string {
  const pkg = path.join(process.cwd(), 'node_modules', '@electric-sql', 'pglite', 'package.json');
  return (readIfExists(pkg)?.toString() ?? 'unknown').match(/"version":\s*"([^"]+)"/)?.[1] ?? 'unknown';
}

function readIfExists(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}
