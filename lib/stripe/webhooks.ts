import Stripe from 'stripe';

/** Seconds a signature stays valid (Stripe's default), against replayed captures. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureCheck =
  | { ok: true; event: Stripe.Event }
  | { ok: false; reason: 'invalid_signature' | 'future_timestamp' | 'malformed_payload' };

/**
 * Verifies a webhook delivery on its raw body. The SDK refuses signatures older than the
 * tolerance; one dated in the future beyond it is refused here too (the SDK lets it through),
 * so a captured request cannot be pre-signed for later replay.
 */
export function verifyStripeSignature(body: string, header: string, secret: string, now = Date.now()): SignatureCheck {
  const timestamps = header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('t='))
    .map((part) => Number(part.slice(2)));
  if (timestamps.some((t) => Number.isFinite(t) && t - now / 1000 > SIGNATURE_TOLERANCE_SECONDS)) return { ok: false, reason: 'future_timestamp' };
  try {
    return { ok: true, event: Stripe.webhooks.constructEvent(body, header, secret, SIGNATURE_TOLERANCE_SECONDS) };
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) return { ok: false, reason: 'invalid_signature' };
    // The signature verified, so the bytes are Stripe's, yet they are not JSON.
    return { ok: false, reason: 'malformed_payload' };
  }
}

/** A valid Stripe-Signature header for `payload` (tests, benchmarks, the docs generator). */
export function signTestPayload(payload: string, secret: string, timestamp?: number): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}
