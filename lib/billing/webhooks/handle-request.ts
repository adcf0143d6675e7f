import Stripe from 'stripe';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { getStripe, getWebhookSecret } from '@/lib/stripe/client';
import { processStripeEvent } from './process';
import { recordStripeEvent } from './record';
import type { WebhookHandlers } from './types';

/** Stripe's own events are a few KB; anything near this is not from Stripe. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;
/** Seconds a signature stays valid (Stripe's default), against replayed captures. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type WebhookDeps = {
  db: Database;
  /** Defaults to the configured secret; tests pass `undefined` explicitly to see the 500. */
  webhookSecret?: string | undefined;
  handlers?: WebhookHandlers;
};

function errorResponse(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

// The envelope we rely on after verification; the object itself is typed per handler.
const envelope = z.object({
  id: z.string().startsWith('evt_'),
  type: z.string().min(1),
  created: z.number().int(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

/** Reads at most `limit` bytes; null as soon as the body is larger (the rest is never read). */
async function readBodyCapped(request: Request, limit: number): Promise<string | null> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The webhook route's core (DESIGN.md "Webhook pipeline"): verify the signature on the raw
 * body, record the event once, process it in one transaction. Nothing is written for a
 * request that fails verification. 200 for processed, duplicate and ignored events; 500
 * when processing fails, so Stripe retries.
 */
export async function handleStripeWebhook(request: Request, deps: WebhookDeps): Promise<Response> {
  const secret = 'webhookSecret' in deps ? deps.webhookSecret : getWebhookSecret();
  if (!secret) return errorResponse(500, 'webhook_secret_missing', 'The webhook signing secret is not configured.');

  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > MAX_WEBHOOK_BODY_BYTES) return errorResponse(413, 'payload_too_large', 'The request body is larger than 1 MB.');
  // Content-Length can be absent (chunked) or lie, so the stream is capped too.
  const body = await readBodyCapped(request, MAX_WEBHOOK_BODY_BYTES);
  if (body === null) return errorResponse(413, 'payload_too_large', 'The request body is larger than 1 MB.');

  const signature = request.headers.get('stripe-signature');
  if (!signature) return errorResponse(400, 'missing_signature', 'The Stripe-Signature header is missing.');

  let event: Stripe.Event;
  try {
    event = getStripe().webhooks.constructEvent(body, signature, secret, SIGNATURE_TOLERANCE_SECONDS);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
      return errorResponse(400, 'invalid_signature', 'The signature does not match the body, or it is too old.');
    }
    // The signature verified, so the bytes are Stripe's, yet they are not JSON.
    return errorResponse(400, 'malformed_payload', 'The body is not valid JSON.');
  }
  if (!envelope.safeParse(event).success) return errorResponse(400, 'invalid_event', 'The body is not a Stripe event.');

  await recordStripeEvent(deps.db, event);
  try {
    const outcome = await processStripeEvent(deps.db, event.id, { handlers: deps.handlers });
    return Response.json({ received: true, status: outcome.status });
  } catch (error) {
    console.error(`[webhooks] ${event.type} ${event.id} failed`, error);
    return errorResponse(500, 'processing_failed', 'The event could not be processed; Stripe will retry it.');
  }
}
