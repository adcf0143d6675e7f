import { getDb } from '@/db/client';
import { env } from '@/lib/env';
import { withSecurityHeaders } from '@/lib/http/security-headers';
import { logger, requestIdFrom, withLogContext } from '@/lib/log';
import { handleStripeWebhook } from './ingest';

/** Where Stripe delivers events (README "Going live"). */
export const STRIPE_WEBHOOK_PATH = '/api/webhooks/stripe';

const https = env.APP_URL.startsWith('https:');

/**
 * One delivery to `POST /api/webhooks/stripe`, answered in full: the ingest (verify, record,
 * answer; lib/billing/webhooks/ingest.ts) under the delivery's request id, with the API
 * security headers. proxy.ts answers the route's POSTs with this directly, before Next.js
 * routes the request to a route handler: the ingest is a fraction of a millisecond of work,
 * and under a burst the framework's per-request work around it is what the latency is made
 * of (bench:webhooks, docs/webhooks.md "Where it stands").
 */
export function receiveStripeWebhook(request: Request): Promise<Response> {
  return withLogContext({ requestId: requestIdFrom(request.headers), route: 'webhooks/stripe' }, async () => {
    const started = performance.now();
    let db;
    try {
      db = await getDb();
    } catch (error) {
      logger.error({ err: error }, 'webhook: database unavailable');
    }
    const response = db
      ? await handleStripeWebhook(request, { db })
      : Response.json({ error: { code: 'not_recorded', message: 'The event could not be recorded; Stripe will retry it.' } }, { status: 503 });
    logger.info({ status: response.status, ms: Math.round(performance.now() - started) }, 'stripe webhook answered');
    return withSecurityHeaders(response, { https });
  });
}
