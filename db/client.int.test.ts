import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './client';
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
