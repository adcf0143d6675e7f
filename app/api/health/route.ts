import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { pingDatabase } from '@/db/queries/health';
import { readWebhookBacklog } from '@/db/queries/stripe-events';
import { logger } from '@/lib/log';

export const dynamic = 'force-dynamic';

/**
 * Liveness plus a database round trip, and the webhook backlog: events waiting, retrying
 * and dead, and the lag (age of the oldest unprocessed event, in seconds). Counts only, no
 * ids or payloads. 503 with a reason when the database is unreachable.
 */
export async function GET() {
  try {
    const db = await getDb();
    await pingDatabase(db);
    const backlog = await readWebhookBacklog(db);
    return NextResponse.json({
      status: 'ok',
      webhooks: {
        waiting: backlog.waiting,
        retrying: backlog.failing,
        dead: backlog.dead,
        lagSeconds: backlog.oldestWaitingSeconds === null ? 0 : Math.round(backlog.oldestWaitingSeconds),
      },
    });
  } catch (error) {
    logger.error({ err: error }, 'health check failed');
    return NextResponse.json({ error: { code: 'database_unavailable', message: 'The database is not reachable.' } }, { status: 503 });
  }
}
