import { z } from 'zod';
import type { Database } from '@/db/client';
import { env } from '@/lib/env';
import { getMetrics } from '@/lib/ops/metrics';
import { getWebhookSecret } from '@/lib/stripe/webhook-secret';
import { verifyStripeSignature } from '@/lib/stripe/webhooks';
import { stripeEventHandlers } from './dispatch';
import { recordEventGrouped } from './group-commit';
import { laneOf } from './lanes';
import type { WebhookHandlers } from './types';
import { logger } from '@/lib/log';

/** Stripe's own events are a few KB; anything near this is not from Stripe. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

export type IngestDeps = {
  db: Database;
  /** Defaults to the configured secret; tests pass `undefined` explicitly to see the 500. */
  webhookSecret?: string | undefined;
  /** Which types are handled (the rest is stored as ignored). */
  handlers?: WebhookHandlers;
  coalesceMs?: number;
};

function errorResponse(status: number, code: string, message: string): Response {
  getMetrics().webhookRequests.inc({ outcome: status >= 500 ? 'error' : 'refused' });
  return Response.json({ error: { code, message } }, { status });
}

// 2011-01-01 .. 2100-01-01: Stripe's events fall between, and both ends fit a timestamptz.
const MIN_CREATED = 1_293_840_000;
const MAX_CREATED = 4_102_444_800;

// The envelope we rely on after verification; the object itself is re-read from Stripe.
const envelope = z.object({
  id: z.string().regex(/^evt_[A-Za-z0-9_]{1,250}$/, 'an id like evt_…'),
  type: z.string().regex(/^[a-z_]+(\.[a-z_]+){1,4}$/, 'a type like payment_intent.succeeded'),
  created: z.number().int().min(MIN_CREATED, 'a Unix time after 2011').max(MAX_CREATED, 'a Unix time before 2100'),
  api_version: z.string().max(64).nullable().optional(),
  livemode: z.boolean(),
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
 * The webhook route's core (DESIGN.md "Webhook pipeline", ingest): verify the signature on
 * the raw body, validate the envelope, record the event once with its lane, answer 200.
 * Nothing else runs in the request — workers process the lane. A refused request (400/413)
 * writes nothing; 5xx only when the event could not be recorded, so Stripe retries it; a
 * duplicate is a 200 with no second row.
 */
export async function handleStripeWebhook(request: Request, deps: IngestDeps): Promise<Response> {
  const secret = 'webhookSecret' in deps ? deps.webhookSecret : getWebhookSecret();
  if (!secret) return errorResponse(500, 'webhook_secret_missing', 'The webhook signing secret is not configured.');

  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > MAX_WEBHOOK_BODY_BYTES) return errorResponse(413, 'payload_too_large', 'The request body is larger than 1 MB.');
  // Content-Length can be absent (chunked) or lie, so the stream is capped too.
  const body = await readBodyCapped(request, MAX_WEBHOOK_BODY_BYTES);
  if (body === null) return errorResponse(413, 'payload_too_large', 'The request body is larger than 1 MB.');

  const signature = request.headers.get('stripe-signature');
  if (!signature) return errorResponse(400, 'missing_signature', 'The Stripe-Signature header is missing.');
  const verified = verifyStripeSignature(body, signature, secret);
  if (!verified.ok) {
    if (verified.reason === 'malformed_payload') return errorResponse(400, 'malformed_payload', 'The body is not valid JSON.');
    if (verified.reason === 'future_timestamp') return errorResponse(400, 'invalid_signature', 'The signature is dated in the future.');
    return errorResponse(400, 'invalid_signature', 'The signature does not match the body, or it is too old.');
  }
  const parsed = envelope.safeParse(verified.event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'body';
    return errorResponse(400, 'invalid_event', `The body is not a Stripe event: ${field} must be ${issue?.message ?? 'valid'}.`);
  }
  const event = parsed.data;
  const handlers = deps.handlers ?? stripeEventHandlers;
  const handled = Object.hasOwn(handlers, event.type);
  const objectId = typeof event.data.object.id === 'string' ? event.data.object.id : null;
  try {
    const inserted = await recordEventGrouped(deps.db, {
      id: event.id,
      type: event.type,
      objectId,
      lane: handled ? (laneOf(verified.event) ?? objectId ?? event.id) : null,
      apiVersion: event.api_version ?? null,
      livemode: event.livemode,
      stripeCreatedAt: new Date(event.created * 1000),
      // The verified bytes are the event: stored as they came, not serialized a second time.
      payloadJson: body,
      coalesceMs: deps.coalesceMs ?? env.WEBHOOK_COALESCE_MS,
    });
    getMetrics().webhookRequests.inc({ outcome: inserted ? 'recorded' : 'duplicate' });
    if (inserted) getMetrics().webhookReceived.inc({ type: event.type });
    return Response.json({ received: true, duplicate: !inserted, status: handled ? 'queued' : 'ignored' });
  } catch (error) {
    logger.error({ err: error, eventId: event.id, type: event.type }, 'webhook: could not record the event; Stripe will retry it');
    return errorResponse(503, 'not_recorded', 'The event could not be recorded; Stripe will retry it.');
  }
}
