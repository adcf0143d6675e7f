import { and, count, eq, gte, lt, min, ne } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { signInRequests, verificationTokens } from '@/db/schema';
import { lockName } from './locks';

export type SignInLimits = { perAddress: number; perClient: number; total: number; windowSeconds: number };
export type SignInVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; scope: 'address' | 'client' | 'total' };

/**
 * Counts the sign-in links asked in the window for this address, this client and in all,
 * and records this request only if every count is under its limit. Serialised per address,
 * so fifty parallel requests for one address cannot all slip under the limit.
 */
export async function admitSignInRequest(db: Database, request: { email: string; client: string }, limits: SignInLimits, now = new Date()): Promise<SignInVerdict> {
  const since = new Date(now.getTime() - limits.windowSeconds * 1000);
  return db.transaction(async (tx) => {
    await lockName(tx, `sign-in:${request.email}`);
    const scopes = [
      { scope: 'address' as const, limit: limits.perAddress, where: eq(signInRequests.email, request.email) },
      { scope: 'client' as const, limit: limits.perClient, where: eq(signInRequests.client, request.client) },
      { scope: 'total' as const, limit: limits.total, where: undefined },
    ];
    for (const { scope, limit, where } of scopes) {
      const [row] = await tx
        .select({ n: count(), oldest: min(signInRequests.createdAt) })
        .from(signInRequests)
        .where(and(gte(signInRequests.createdAt, since), where));
      if ((row?.n ?? 0) >= limit) {
        const frees = (row?.oldest ?? now).getTime() + limits.windowSeconds * 1000;
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((frees - now.getTime()) / 1000)), scope };
      }
    }
    await tx.insert(signInRequests).values({ email: request.email, client: request.client, createdAt: now });
    // Keep the table to a day of history.
    await tx.delete(signInRequests).where(lt(signInRequests.createdAt, new Date(now.getTime() - 24 * 60 * 60 * 1000)));
    return { allowed: true };
  });
}

/**
 * Stores a new sign-in token and deletes every older one for the address, in one
 * transaction under the address's lock: only the newest emailed link works.
 */
export async function replaceVerificationToken(db: Database, token: { identifier: string; token: string; expires: Date }) {
  return db.transaction(async (tx) => {
    await lockName(tx, `sign-in:${token.identifier}`);
    await tx.delete(verificationTokens).where(and(eq(verificationTokens.identifier, token.identifier), ne(verificationTokens.token, token.token)));
    const [row] = await tx.insert(verificationTokens).values(token).returning();
    return row ?? null;
  });
}

/** Tokens still stored for an address (tests, the admin). */
export async function countVerificationTokens(db: Database, identifier: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(verificationTokens).where(eq(verificationTokens.identifier, identifier));
  return row?.n ?? 0;
}
