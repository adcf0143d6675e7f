import { describe, expect, it } from 'vitest';
import { findPaymentById } from '@/db/queries/payments';
import { setUserName } from '@/db/queries/users';
import { seedUser } from '@/db/seed/factories';
import { setupTestDb } from '@/tests/support/test-db';
import { describeActionError } from './describe-error';

const getDb = setupTestDb();

async function failure(run: () => Promise<unknown>): Promise<Error> {
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

// Issue "Safe to deploy", item 12: what a failed server action logs never holds what was typed.
describe('what a failed server action logs', () => {
  it('a query the database refuses: the SQL and its SQLSTATE, never the submitted values', async () => {
    const { db } = getDb();
    const user = await seedUser(db);
    for (const [run, typed] of [
      // A NUL byte PostgreSQL cannot store (had the form not refused it first).
      [() => setUserName(db, user.id, 'Ada\u0000Typed-Secret-Name'), 'Typed-Secret-Name'],
      // A crafted id the database cannot even parse.
      [() => findPaymentById(db, 'typed-secret-not-a-uuid'), 'typed-secret-not-a-uuid'],
    ] as const) {
      const error = await failure(run);
      // The raw error does carry the value (Drizzle puts the parameters in its message) …
      expect(`${error.message} ${String((error.cause as Error | undefined)?.message)}`).toContain(typed);
      // … what is logged does not.
      const logged = describeActionError(error);
      expect(logged).not.toContain(typed);
      expect(logged).toMatch(/SQLSTATE [0-9A-Z]{5}/);
    }
  });

  it('withholds plain errors, keeps our own', () => {
    expect(describeActionError(new Error('could not parse "typed value"'))).toBe('(message withheld)');
    expect(describeActionError(new TypeError('bad "typed value"'))).toBe('(message withheld)');
    class StoreError extends Error {}
    expect(describeActionError(new StoreError('the outbox is not reachable'))).toBe('the outbox is not reachable');
  });
});
