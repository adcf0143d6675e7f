import { sql } from 'drizzle-orm';
import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';

export const dynamic = 'force-dynamic';

/** Liveness plus a database round trip; 503 with a reason when the database is unreachable. */
export async function GET() {
  try {
    const db = await getDb();
    await db.execute(sql`select 1`);
    return NextResponse.json({ status: 'ok' });
  } catch (error) {
    console.error('health check failed', error);
    return NextResponse.json({ error: { code: 'database_unavailable', message: 'The database is not reachable.' } }, { status: 503 });
  }
}
