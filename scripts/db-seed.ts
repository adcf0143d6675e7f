// `npm run db:seed`: loads the demo catalog and users. Idempotent: run it any number of times.
import { closeDb, getDb, readDbEnv } from '@/db/client';
import { seedDemo } from '@/db/seed/demo';

const started = Date.now();
const env = readDbEnv();
try {
  const db = await getDb();
  const summary = await seedDemo(db);
  console.log(
    `db:seed: ${summary.courses} courses, All-Access plan and ${summary.users} demo users in ` +
      `${env.databaseUrl ? 'Postgres' : `PGlite at ${env.pgliteDir}`} (${Date.now() - started} ms)`,
  );
} catch (error) {
  console.error('db:seed failed:', error);
  process.exitCode = 1;
} finally {
  await closeDb();
}
