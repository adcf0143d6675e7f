import Stripe from 'stripe';

export type StripeFailureKind =
  | 'card_declined'
  | 'not_found'
  | 'invalid_request'
  | 'idempotency_conflict'
  | 'rate_limited'
  | 'unavailable'
  | 'authentication'
  | 'unknown';

const USER_MESSAGES: Record<StripeFailureKind, string> = {
  card_declined: 'Your card was declined.',
  not_found: 'Our payment provider no longer knows this item, so nothing changed.',
  invalid_request: 'Our payment provider refused this request, so nothing changed. Please contact support if it keeps happening.',
  idempotency_conflict: 'This change is already being made. Reload the page in a moment to see it.',
  rate_limited: "Our payment provider is busy right now; nothing changed — please try again in a moment.",
  unavailable: "We couldn't reach our payment provider; nothing changed — please try again.",
  authentication: "We couldn't reach our payment provider; nothing changed — please try again.",
  unknown: "Something went wrong with our payment provider; nothing changed — please try again.",
};

/**
 * Every error from a Stripe call, as Bursar sees it: what kind of failure it was (for code
 * to branch on), the sentence a learner or admin reads, and the SDK's error as `cause` for
 * the logs. Stack traces and Stripe's raw messages never reach a page.
 */
export class StripeFailure extends Error {
  constructor(
    readonly kind: StripeFailureKind,
    readonly operation: string,
    message: string,
    readonly details: { stripeCode?: string; declineCode?: string; statusCode?: number; stripeMessage?: string } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StripeFailure';
  }

  /** The plain sentence for a person; a decline says what the bank said. */
  get userMessage(): string {
    if (this.kind === 'card_declined' && this.details.stripeMessage) return `Your card was declined (${this.details.stripeMessage}).`;
    return USER_MESSAGES[this.kind];
  }

  /** Worth retrying later (a network or capacity problem), as opposed to a refusal. */
  get transient(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'unavailable' || this.kind === 'idempotency_conflict';
  }
}

function kindOf(error: InstanceType<typeof Stripe.errors.StripeError>): StripeFailureKind {
  if (error instanceof Stripe.errors.StripeCardError) return 'card_declined';
  if (error instanceof Stripe.errors.StripeRateLimitError) return 'rate_limited';
  if (error instanceof Stripe.errors.StripeIdempotencyError) return 'idempotency_conflict';
  if (error instanceof Stripe.errors.StripeAuthenticationError || error instanceof Stripe.errors.StripePermissionError) return 'authentication';
  if (error instanceof Stripe.errors.StripeConnectionError || error instanceof Stripe.errors.StripeAPIError) return 'unavailable';
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    return error.statusCode === 404 || error.code === 'resource_missing' ? 'not_found' : 'invalid_request';
  }
  return (error.statusCode ?? 0) >= 500 ? 'unavailable' : 'unknown';
}

export function toStripeFailure(operation: string, error: unknown): StripeFailure {
  if (error instanceof StripeFailure) return error;
  if (error instanceof Stripe.errors.StripeError) {
    const kind = kindOf(error);
    return new StripeFailure(
      kind,
      operation,
      `${operation}: ${error.type} ${error.statusCode ?? ''} ${error.code ?? ''} ${error.message}`.replace(/\s+/g, ' ').trim(),
      { stripeCode: error.code, declineCode: error.decline_code, statusCode: error.statusCode, stripeMessage: error.message },
      { cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new StripeFailure('unknown', operation, `${operation}: ${message}`, {}, { cause: error });
}

/** Stripe answered 404 for the object. */
export function isNotFound(error: unknown): boolean {
  return error instanceof StripeFailure && error.kind === 'not_found';
}
