// `npm run db:migrate`: applies committed migrations to DATABASE_URL, or to the PGlite
// directory (PGLITE_DIR, default .data/pglite) when it is unset. Stop the dev server first
// when using PGlite: one directory must never be opened by two processes.
import { closeDb, getDb, readDbEnv } from '@/db/client';

const started = Date.now();
const env = readDbEnv();
const target = env.databaseUrl ? 'Postgres (DATABASE_URL)' : `PGlite at ${env.pgliteDir}`;
try {
  await getDb(); // opening migrates
  console.log(`db:migrate: ${target} is up to date (${Date.now() - started} ms)`);
} catch (error) {
  console.error(`db:migrate: failed on ${target}:`, error);
  process.exitCode = 1;
} finally {
  await closeDb();
}
