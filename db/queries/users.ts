import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../client';
import { accounts, sessions, type UserRole, users, verificationTokens } from '../schema';
import type { EmailPreferences } from '../schema/auth';

/** Emails are stored lowercased (Auth.js normalises them); match the same way. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function findUserByEmail(db: Database, email: string) {
  const user = await db.query.users.findFirst({ where: eq(users.email, normalizeEmail(email)) });
  return user ?? null;
}

/** Which of these addresses belong to a user with the admin role in the database. */
export async function findAdminEmails(db: Database, emails: string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const rows = await db
    .select({ email: users.email })
    .from(users)
    .where(and(inArray(users.email, emails.map(normalizeEmail)), eq(users.role, 'admin')));
  return new Set(rows.map((row) => row.email));
}

/** Sets a user's role; returns the updated user, or null when no such user exists. */
export async function setUserRole(
  db: Database,
  params: ({ userId: string } | { email: string }) & { role: UserRole },
) {
  const match = 'userId' in params ? eq(users.id, params.userId) : eq(users.email, normalizeEmail(params.email));
  const [user] = await db.update(users).set({ role: params.role }).where(match).returning();
  return user ?? null;
}

/** Who to tell about a change: null for an unknown or deleted account (nobody to email). */
export async function findLearnerContact(db: Database, userId: string): Promise<{ userId: string; email: string; name: string | null } | null> {
  const [row] = await db.select({ userId: users.id, email: users.email, name: users.name, deletedAt: users.deletedAt }).from(users).where(eq(users.id, userId));
  if (!row || row.deletedAt) return null;
  return { userId: row.userId, email: row.email, name: row.name };
}

export async function findUserDeletionState(db: Database, userId: string): Promise<{ email: string; deletedAt: Date | null } | null> {
  const [row] = await db.select({ email: users.email, deletedAt: users.deletedAt }).from(users).where(eq(users.id, userId));
  return row ?? null;
}

/**
 * Erases a learner's personal data and signs them out everywhere, keeping the row (and so
 * the ledger that points at it) under an anonymous address.
 */
export async function anonymiseUser(db: Database, userId: string, email: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
  await db.delete(accounts).where(eq(accounts.userId, userId));
  await db.delete(verificationTokens).where(eq(verificationTokens.identifier, email));
  await db
    .update(users)
    .set({
      email: `deleted-${userId}@deleted.invalid`,
      name: null,
      image: null,
      phone: null,
      smsOptIn: false,
      emailPreferences: {},
      emailVerified: null,
      deletedAt: new Date(),
    })
    .where(eq(users.id, userId));
}

/** What the notifications page shows; null for an unknown user. */
export async function findNotificationSettings(db: Database, userId: string) {
  const [row] = await db
    .select({ emailPreferences: users.emailPreferences, phone: users.phone, smsOptIn: users.smsOptIn })
    .from(users)
    .where(eq(users.id, userId));
  return row ?? null;
}

/** Replaces the learner's email preferences, phone and SMS opt-in. */
export async function writeNotificationSettings(
  db: Database,
  userId: string,
  values: { emailPreferences: EmailPreferences; phone: string | null; smsOptIn: boolean },
): Promise<void> {
  await db.update(users).set(values).where(eq(users.id, userId));
}

export async function setUserName(db: Database, userId: string, name: string | null): Promise<void> {
  await db.update(users).set({ name }).where(eq(users.id, userId));
}
