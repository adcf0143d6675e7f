import { DrizzleAdapter } from '@auth/drizzle-adapter';
import { describe, expect, it } from 'vitest';
import { accounts, sessions, users, verificationTokens } from '../schema';
import { seedUser, uniqueSuffix } from '../seed/factories';
import { setupTestDb } from '@/tests/support/test-db';
import { findAdminEmails, findUserByEmail, setUserRole } from './users';

const db = setupTestDb();

describe('user queries', () => {
  it('find users by email regardless of case and surrounding space', async () => {
    const user = await seedUser(db().db);
    expect((await findUserByEmail(db().db, `  ${user.email.toUpperCase()} `))?.id).toBe(user.id);
    expect(await findUserByEmail(db().db, 'nobody@bursar.test')).toBeNull();
  });

  it('set a role by id or email, and report a missing user', async () => {
    const user = await seedUser(db().db);
    expect(user.role).toBe('learner');
    expect((await setUserRole(db().db, { userId: user.id, role: 'admin' }))?.role).toBe('admin');
    expect((await setUserRole(db().db, { email: user.email, role: 'learner' }))?.role).toBe('learner');
    expect(await setUserRole(db().db, { userId: 'missing', role: 'admin' })).toBeNull();
  });

  it('tell which addresses belong to admins by role (the demo mailbox never binds them)', async () => {
    const admin = await seedUser(db().db, { role: 'admin' });
    const learner = await seedUser(db().db);
    const found = await findAdminEmails(db().db, [` ${admin.email.toUpperCase()}`, learner.email, 'nobody@bursar.test']);
    expect([...found]).toEqual([admin.email]);
    expect(await findAdminEmails(db().db, [])).toEqual(new Set());
  });
});

describe('Auth.js Drizzle adapter on our tables', () => {
  it('signs a user in by email link and holds a database session', async () => {
    const adapter = DrizzleAdapter(db().db, {
      usersTable: users,
      accountsTable: accounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    });
    const email = `magic-${uniqueSuffix()}@bursar.test`;
    const expires = new Date(Date.now() + 60_000);
    await adapter.createVerificationToken?.({ identifier: email, token: 'hashed-token', expires });
    const used = await adapter.useVerificationToken?.({ identifier: email, token: 'hashed-token' });
    expect(used?.identifier).toBe(email);
    expect(await adapter.useVerificationToken?.({ identifier: email, token: 'hashed-token' })).toBeNull();

    const created = await adapter.createUser?.({ id: 'ignored', email, emailVerified: new Date(), name: null, image: null });
    expect(created?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await adapter.getUserByEmail?.(email))?.id).toBe(created?.id);

    await adapter.createSession?.({ sessionToken: `s-${uniqueSuffix()}`, userId: created?.id ?? '', expires });
    const sessionToken = `s-${uniqueSuffix()}`;
    await adapter.createSession?.({ sessionToken, userId: created?.id ?? '', expires });
    const found = await adapter.getSessionAndUser?.(sessionToken);
    expect(found?.user.email).toBe(email);
    expect((found?.user as { role?: string } | undefined)?.role).toBe('learner');
    await adapter.deleteSession?.(sessionToken);
    expect(await adapter.getSessionAndUser?.(sessionToken)).toBeNull();
  });
});
