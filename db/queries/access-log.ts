import { isIP } from 'node:net';
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../client';
import { accessLog } from '../schema';
import type { AccessLogEvent } from '../schema/enums';

/** Records one access event (a sign-in). An address that is not an IP is stored as unknown. */
export async function recordAccessEvent(
  db: Database,
  params: { userId: string; event: AccessLogEvent; ip?: string | null; userAgent?: string | null },
): Promise<void> {
  const ip = params.ip && isIP(params.ip) ? params.ip : null;
  await db.insert(accessLog).values({ userId: params.userId, event: params.event, ip, userAgent: params.userAgent?.slice(0, 400) ?? null });
}

export type AccessLogRow = { event: AccessLogEvent; ip: string | null; userAgent: string | null; createdAt: Date };

/** A learner's access events, oldest first (at most `limit`). */
export async function listAccessEvents(db: Database, userId: string, limit = 200): Promise<AccessLogRow[]> {
  return db
    .select({ event: accessLog.event, ip: accessLog.ip, userAgent: accessLog.userAgent, createdAt: accessLog.createdAt })
    .from(accessLog)
    .where(and(eq(accessLog.userId, userId)))
    .orderBy(asc(accessLog.createdAt))
    .limit(limit);
}
