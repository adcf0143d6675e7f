import { getDb } from '@/db/client';
import { env } from '@/lib/env';
import { handleMetricsRequest } from '@/lib/ops/metrics-endpoint';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return handleMetricsRequest(request, {
    token: env.METRICS_TOKEN,
    production: env.NODE_ENV === 'production',
    // Counters still render when the database is down; its gauges are then left out.
    db: () => getDb().catch(() => null),
  });
}
