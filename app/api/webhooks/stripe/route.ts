import { getDb } from '@/db/client';
import { handleStripeWebhook } from '@/lib/billing/webhooks/ingest';
import { env } from '@/lib/env';
import { withSecurityHeaders } from '@/lib/http/security-headers';
import { logger, requestIdFrom, withLogContext } from '@/lib/log';

// The raw body must reach the signature check untouched, on the Node runtime (PGlite, crypto).
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const https = env.APP_URL.startsWith('https:');

// The proxy skips this route (it must answer within milliseconds under a burst); the
// security headers are set here instead.
export async function POST(request: Request): Promise<Response> {
  return withSecurityHeaders(await receive(request), { https });
}

function receive(request: Request): Promise<Response> {
  // One request id per delivery, on every log line written while recording it.
  return withLogContext({ requestId: requestIdFrom(request.headers), route: 'webhooks/stripe' }, async () => {
    const started = performance.now();
    let db;
    try {
      db = await getDb();
    } catch (error) {
      logger.error({ err: error }, 'webhook: database unavailable');
      return Response.json({ error: { code: 'not_recorded', message: 'The event could not be recorded; Stripe will retry it.' } }, { status: 503 });
    }
    const response = await handleStripeWebhook(request, { db });
    logger.info({ status: response.status, ms: Math.round(performance.now() - started) }, 'stripe webhook answered');
    return response;
  });
}
