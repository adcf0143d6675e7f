import { getDb } from '@/db/client';
import { handleStripeWebhook } from '@/lib/billing/webhooks/ingest';

// The raw body must reach the signature check untouched, on the Node runtime (PGlite, crypto).
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  let db;
  try {
    db = await getDb();
  } catch (error) {
    console.error('[webhooks] database unavailable', error);
    return Response.json({ error: { code: 'not_recorded', message: 'The event could not be recorded; Stripe will retry it.' } }, { status: 503 });
  }
  return handleStripeWebhook(request, { db });
}
