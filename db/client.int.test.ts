import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, openPostgres } from './client';
import { rowsOf } from './rows';
import { findUserByEmail } from './queries/users';
import { seedUser } from './seed/factories';

// The path getDb() takes in dev and production, on a PGlite directory of its own. The
// Postgres run skips it: it is the same PGlite code, and slow (initdb on disk).
const pgliteRun = !process.env.DATABASE_URL;

describe('openDatabase', () => {
  it.runIf(pgliteRun)('migrates a new PGlite directory and keeps data across reopening', async () => {
    const pgliteDir = path.join(mkdtempSync(path.join(tmpdir(), 'bursar-client-')), 'pglite');
    const first = await openDatabase({ pgliteDir });
    const user = await seedUser(first.db);
    await first.close();

    const second = await openDatabase({ pgliteDir });
    try {
      expect((await findUserByEmail(second.db, user.email))?.id).toBe(user.id);
    } finally {
      await second.close();
    }
  });

  it('rejects when Postgres is unreachable, so the caller can retry later', async () => {
    await expect(openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none', pgliteDir: '' })).rejects.toThrow();
  });
});

describe.runIf(!pgliteRun)('openPostgres', () => {
  // What the connection prepared, read on that same connection (inside one transaction).
  async function preparedOn(prepare: boolean): Promise<string[]> {
    const handle = openPostgres(process.env.DATABASE_URL as string, undefined, { prepare });
    try {
      return await handle.db.transaction(async (tx) => {
        for (const n of [1, 2, 3]) expect(rowsOf<{ n: number }>(await tx.execute(sql`select ${n}::int + 1 as n`))).toEqual([{ n: n + 1 }]);
        // A savepoint hands Drizzle another client: it prepares too.
        await tx.transaction(async (inner) => inner.execute(sql`select ${'x'}::text || 'y' as s`));
        // (postgres.js prepares its own type lookup on connect and its savepoints: not Drizzle's.)
        const rows = rowsOf<{ statement: string }>(
          await tx.execute(sql.raw(`select statement from pg_prepared_statements where statement not like '%pg_catalog%' and statement not like 'savepoint%' order by prepare_time`)),
        );
        return rows.map((r) => r.statement);
      });
    } finally {
      await handle.close();
    }
  }

  it('prepares each statement once per connection and reuses it (one round trip, no parse); DATABASE_PREPARE=0 does not', async () => {
    expect(await preparedOn(true)).toEqual(['select $1::int + 1 as n', "select $1::text || 'y' as s"]);
    expect(await preparedOn(false)).toEqual([]);
  });
});
