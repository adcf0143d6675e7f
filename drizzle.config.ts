import { defineConfig } from 'drizzle-kit';

// Only `generate` is used: migrations are applied by the app itself (db/client.ts) and by
// `npm run db:migrate`, both through drizzle's migrator, for PGlite and Postgres alike.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  strict: true,
  verbose: true,
});
