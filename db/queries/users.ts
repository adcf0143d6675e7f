import { eq } from 'drizzle-orm';
import type { Database } from '../client';
import { type UserRole, users } from '../schema';

/** Emails are stored lowercased (Auth.js normalises them); match the same way. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function findUserByEmail(db: Database, email: string) {
  const user = await db.query.users.findFirst({ where: eq(users.email, normalizeEmail(email)) });
  return user ?? null;
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
