import { receiveStripeWebhook } from '@/lib/billing/webhooks/endpoint';

// The raw body must reach the signature check untouched, on the Node runtime (PGlite, crypto).
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// proxy.ts answers this route's POSTs itself (the fast path); the handler stays so the route
// exists for Next.js (405 for other methods) and still works wherever the proxy does not run.
export function POST(request: Request): Promise<Response> {
  return receiveStripeWebhook(request);
}
