import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The API request being served, so events emitted while serving it carry Stripe's
 * `request: { id, idempotency_key }`. Events caused by the hosted pages or by time carry
 * `request.id: null`, as Stripe's automatic events do.
 */
export interface RequestInfo {
  id: string;
  idempotencyKey: string | null;
}

export const requestContext = new AsyncLocalStorage<RequestInfo>();
