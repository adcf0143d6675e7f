import { getDb } from '@/db/client';
import { handleStripeWebhook } from '@/lib/billing/webhooks/handle-request';

// The raw body must reach the signature check untouched, on the Node runtime (PGlite, crypto).
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  return handleStripeWebhook(request, { db: await getDb() });
}
