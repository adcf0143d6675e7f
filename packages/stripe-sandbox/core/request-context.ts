import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The API request being served, so events emitted while serving it carry Stripe's
 * `request: { id, idempotency_key }`. Events caused by the hosted pages or by time carry
 * `request.id: null`, as Stripe's automatic events do.
 */
export interface RequestInfo {
  id: string;
  idempotencyKey: string | null;
  /** The SDK params type of the route being served (see `sdk-params.ts`). */
  sdkParams?: string | null;
  /** Parameters the SDK declares that the route accepted without implementing them. */
  accepted?: Record<string, unknown>;
  /** Top-level names among `accepted` (sent whole, not inside an implemented parameter). */
  acceptedTop?: Set<string>;
}

export const requestContext = new AsyncLocalStorage<RequestInfo>();
