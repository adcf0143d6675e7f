import type { Database } from '@/db/client';
import { bearerMatches } from '@/lib/http/bearer';
import { renderMetrics } from './scrape';

export type MetricsEndpointDeps = {
  /** METRICS_TOKEN; undefined means open in development and switched off in production. */
  token: string | undefined;
  production: boolean;
  db: () => Promise<Database | null>;
};

const error = (status: number, code: string, message: string) => Response.json({ error: { code, message } }, { status, headers: { 'cache-control': 'no-store' } });

/**
 * `/api/metrics` for Prometheus. With METRICS_TOKEN set, only `Authorization: Bearer <token>`
 * gets the metrics (401 otherwise). Without it, a production server answers 503: the metrics
 * name the store's traffic and failures, which is not for the public internet, and there is
 * no safe default secret. In development it is open, so `curl` works out of the box.
 */
export async function handleMetricsRequest(request: Request, deps: MetricsEndpointDeps): Promise<Response> {
  if (deps.token) {
    if (!bearerMatches(request.headers.get('authorization'), deps.token)) return error(401, 'unauthorized', 'Missing or invalid metrics token.');
  } else if (deps.production) {
    return error(503, 'metrics_disabled', 'Metrics are disabled: set METRICS_TOKEN to enable them.');
  }
  const { contentType, body } = await renderMetrics(await deps.db());
  return new Response(body, { status: 200, headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}
