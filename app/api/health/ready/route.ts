import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { checkReadiness, type Readiness } from '@/lib/ops/readiness';

export const dynamic = 'force-dynamic';

const unreachable: Readiness['checks']['database'] = { ok: false, ms: 0, detail: 'skipped: database unreachable' };

/**
 * Readiness for load balancers and orchestrators: 200 when every check passes, 503 otherwise,
 * with each check's outcome either way. Stripe and the email provider are asked at most once
 * a minute per instance (cached), so probing this often costs nothing outside. No ids, keys
 * or payloads in the answer.
 */
export async function GET() {
  let readiness: Readiness;
  try {
    readiness = await checkReadiness({ db: await getDb() });
  } catch (error) {
    // Opening the database (and migrating it) failed before any check could run.
    const detail = error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 200) : 'failed';
    readiness = { ready: false, checks: { database: { ok: false, ms: 0, detail }, migrations: unreachable, stripe: unreachable, email: unreachable } };
  }
  return NextResponse.json({ status: readiness.ready ? 'ready' : 'not_ready', checks: readiness.checks }, { status: readiness.ready ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
