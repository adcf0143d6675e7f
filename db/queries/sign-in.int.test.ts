import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { signInRequests } from '@/db/schema';
import { uniqueSuffix } from '@/db/seed/factories';
import { setupTestDb } from '@/tests/support/test-db';
import { admitSignInRequest, countVerificationTokens, replaceVerificationToken } from './sign-in';

const getDb = setupTestDb();
const limits = { perAddress: 3, perClient: 5, total: 1000, windowSeconds: 900 };

describe('sign-in requests', () => {
  it('admits at most perAddress links per address in the window, even when fifty arrive at once', async () => {
    const { db } = getDb();
    const email = `flood-${uniqueSuffix()}@x.test`;
    const verdicts = await Promise.all(Array.from({ length: 50 }, (_, i) => admitSignInRequest(db, { email, client: `10.0.0.${i}` }, limits)));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(3);
    const refused = verdicts.find((v) => !v.allowed);
    expect(refused).toMatchObject({ allowed: false, scope: 'address' });
    expect(refused && !refused.allowed && refused.retryAfterSeconds).toBeGreaterThan(800);
    expect(await db.select().from(signInRequests).where(eq(signInRequests.email, email))).toHaveLength(3);
  });

  it('limits one client across addresses, and frees up after the window', async () => {
    const { db } = getDb();
    const client = `client-${uniqueSuffix()}`;
    const start = new Date();
    for (let i = 0; i < 5; i += 1) expect(await admitSignInRequest(db, { email: `c${i}-${uniqueSuffix()}@x.test`, client }, limits, start)).toEqual({ allowed: true });
    expect(await admitSignInRequest(db, { email: `c6-${uniqueSuffix()}@x.test`, client }, limits, start)).toMatchObject({ allowed: false, scope: 'client' });
    const later = new Date(start.getTime() + 901_000);
    expect(await admitSignInRequest(db, { email: `c7-${uniqueSuffix()}@x.test`, client }, limits, later)).toEqual({ allowed: true });
  });

  it('keeps only the newest token for an address, also when two are stored at once', async () => {
    const { db } = getDb();
    const identifier = `tokens-${uniqueSuffix()}@x.test`;
    const expires = new Date(Date.now() + 86_400_000);
    await replaceVerificationToken(db, { identifier, token: 'first', expires });
    await Promise.all([replaceVerificationToken(db, { identifier, token: 'second', expires }), replaceVerificationToken(db, { identifier, token: 'third', expires })]);
    expect(await countVerificationTokens(db, identifier)).toBe(1);
  });
});
