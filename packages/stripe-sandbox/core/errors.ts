/**
 * Stripe's error envelope: `{ error: { type, code, message, param, doc_url, ... } }` with
 * the HTTP status Stripe uses for each type. Handlers throw these; the HTTP layer renders them.
 */
export type StripeErrorType =
  | 'api_error'
  | 'card_error'
  | 'idempotency_error'
  | 'invalid_request_error'
  | 'rate_limit_error';

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: unknown;
  payment_method?: unknown;
  request_log_url?: string;
}

export class StripeApiError extends Error {
  readonly headers: Record<string, string> = {};
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
  }
}

const docUrl = (code: string) => `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;

export function invalidRequest(message: string, opts: { code?: string; param?: string; status?: number } = {}) {
  const body: StripeErrorBody = { type: 'invalid_request_error', message };
  if (opts.code) {
    body.code = opts.code;
    body.doc_url = docUrl(opts.code);
  }
  if (opts.param !== undefined) body.param = opts.param;
  return new StripeApiError(opts.status ?? 400, body);
}

export const unknownParameter = (param: string) =>
  invalidRequest(`Received unknown parameter: ${param}`, { code: 'parameter_unknown', param });

export const missingParameter = (param: string) =>
  invalidRequest(`Missing required param: ${param}.`, { code: 'parameter_missing', param });

export const invalidParameter = (param: string, message: string) =>
  invalidRequest(message, { code: 'parameter_invalid_string', param });

export const resourceMissing = (kind: string, id: string, param = 'id') =>
  invalidRequest(`No such ${kind}: '${id}'`, { code: 'resource_missing', param, status: 404 });

export const routeMissing = (method: string, path: string) =>
  invalidRequest(
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    { status: 404 },
  );

export function authenticationError(message: string) {
  return new StripeApiError(401, { type: 'invalid_request_error', message });
}

export function idempotencyError(message: string) {
  return new StripeApiError(400, { type: 'idempotency_error', message });
}

export function rateLimitError() {
  const err = new StripeApiError(429, {
    type: 'invalid_request_error',
    code: 'rate_limit',
    message: 'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.',
    doc_url: docUrl('rate_limit'),
  });
  return err;
}

export function apiError(message = 'An unknown error occurred') {
  return new StripeApiError(500, { type: 'api_error', message });
}

export function cardError(opts: {
  code: string;
  message: string;
  declineCode?: string;
  param?: string;
  charge?: string;
  paymentIntent?: unknown;
  paymentMethod?: unknown;
}) {
  const body: StripeErrorBody = {
    type: 'card_error',
    code: opts.code,
    message: opts.message,
    doc_url: docUrl(opts.code),
  };
  if (opts.declineCode) body.decline_code = opts.declineCode;
  if (opts.param) body.param = opts.param;
  if (opts.charge) body.charge = opts.charge;
  if (opts.paymentIntent) body.payment_intent = opts.paymentIntent;
  if (opts.paymentMethod) body.payment_method = opts.paymentMethod;
  return new StripeApiError(402, body);
}
