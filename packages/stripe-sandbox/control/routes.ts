import { randomUUID } from 'node:crypto';
import { StripeApiError, invalidRequest, resourceMissing } from '../core/errors';
import type { StoredEvent } from '../core/events';
import { ACCEPTED_PARAMS } from '../core/accepted';
import type { PageRequest, PageResponse, Sandbox } from '../core/sandbox';
import type { EndpointLike } from '../core/webhooks';
import { runBillingUntil } from '../billing/runner';
import type { TestClockObject } from '../billing/model';
import { beginAdvance, finishAdvance } from '../resources/test-clocks';
import { settleBankPayment } from '../payments/engine';
import type { ChargeObject, PaymentIntentObject, RefundObject } from '../payments/objects';
import { closeDispute, openDispute, type DisputeObject } from '../payments/disputes';
import { settleRefund } from '../payments/refunds';
import { failPayout, payOutNow, type PayoutObject } from '../payments/payouts';
import { isSameOriginControlRequest } from './same-origin';

/**
 * The control API: JSON in, JSON out, no API key (the sandbox is a local tool). Form posts
 * from the dashboard get a redirect back to it instead of JSON.
 */
type Body = Record<string, unknown>;
type ControlHandler = (args: { params: Record<string, string>; body: Body; query: URLSearchParams }) => unknown;

function parseBody(req: PageRequest): { body: Body; fromForm: boolean } {
  const type = String(req.headers['content-type'] ?? '');
  if (!req.body) return { body: {}, fromForm: type.includes('form') };
  if (type.includes('application/x-www-form-urlencoded')) {
    return { body: Object.fromEntries(new URLSearchParams(req.body)), fromForm: true };
  }
  try {
    const parsed: unknown = JSON.parse(req.body);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return { body: parsed as Body, fromForm: false };
  } catch {
    throw invalidRequest('The control API takes a JSON object body.');
  }
}

function json(status: number, payload: unknown): PageResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload, null, 2) };
}

const int = (v: unknown, name: string, fallback: number): number => {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw invalidRequest(`${name} must be a non-negative integer`, { param: name });
  return n;
};

export function registerControl(sandbox: Sandbox): void {
  const route = (method: 'GET' | 'POST', pattern: string, handler: ControlHandler) => {
    sandbox.page(method, pattern, (req) => {
      if (method === 'POST' && !isSameOriginControlRequest(req, sandbox.config.publicUrl)) {
        return json(403, {
          error: {
            type: 'invalid_request_error',
            code: 'cross_origin_refused',
            message: 'The sandbox control API only takes requests from its own dashboard or from non-browser clients.',
          },
        });
      }
      try {
        const { body, fromForm } = method === 'POST' ? parseBody(req) : { body: {}, fromForm: false };
        const result = handler({ params: req.params, body, query: req.query });
        if (fromForm) return { status: 303, headers: { location: '/_sandbox' }, body: '' };
        return json(200, result ?? { ok: true });
      } catch (err) {
        if (err instanceof StripeApiError) return json(err.status, { error: err.body });
        throw err;
      }
    });
  };
  const endpoints = () => sandbox.store.all<EndpointLike & { object: string }>('webhook_endpoint');
  const eventOrThrow = (id: string) => {
    const event = sandbox.store.get<StoredEvent>('event', id);
    if (!event) throw resourceMissing('event', id);
    return event;
  };
  const targets = (endpointId: unknown) => {
    if (endpointId === undefined || endpointId === '') return endpoints().filter((e) => e.status === 'enabled');
    const endpoint = endpoints().find((e) => e.id === endpointId);
    if (!endpoint) throw resourceMissing('webhook_endpoint', String(endpointId), 'endpoint');
    return [endpoint];
  };

  route('POST', '/_sandbox/reset', () => {
    const reset = sandbox.hooks.get('reset') as (() => void) | undefined;
    reset?.();
    return { ok: true };
  });

  route('GET', '/_sandbox/objects/:type', ({ params, query }) => {
    const limit = int(query.get('limit') ?? undefined, 'limit', 100);
    return { object: 'list', data: sandbox.store.all(params.type ?? '').slice(0, limit) };
  });

  route('GET', '/_sandbox/accepted_params/:id', ({ params }) => {
    const kept = sandbox.store.internal<Record<string, unknown>>(ACCEPTED_PARAMS)[params.id ?? ''];
    return { id: params.id, accepted: kept ?? {} };
  });

  route('POST', '/_sandbox/payment_intents/:id/settle', ({ params, body }) => {
    const pi = sandbox.store.get<PaymentIntentObject>('payment_intent', params.id ?? '');
    if (!pi) throw resourceMissing('payment_intent', params.id ?? '');
    const outcome = body.outcome === 'fail' ? 'fail' : body.outcome === 'succeed' ? 'succeed' : undefined;
    return settleBankPayment(sandbox, pi, outcome);
  });

  route('POST', '/_sandbox/payment_intents/:id/fail', ({ params }) => {
    const pi = sandbox.store.get<PaymentIntentObject>('payment_intent', params.id ?? '');
    if (!pi) throw resourceMissing('payment_intent', params.id ?? '');
    return settleBankPayment(sandbox, pi, 'fail');
  });

  route('POST', '/_sandbox/refunds/:id/settle', ({ params, body }) => {
    const refund = sandbox.store.get<RefundObject>('refund', params.id ?? '');
    if (!refund) throw resourceMissing('refund', params.id ?? '');
    return settleRefund(sandbox, refund, body.outcome === 'fail' ? 'fail' : body.outcome === 'succeed' ? 'succeed' : undefined);
  });

  route('POST', '/_sandbox/disputes/:id/close', ({ params, body }) => {
    const dispute = sandbox.store.get<DisputeObject>('dispute', params.id ?? '');
    if (!dispute) throw resourceMissing('dispute', params.id ?? '');
    if (body.outcome !== 'won' && body.outcome !== 'lost') throw invalidRequest("outcome must be 'won' or 'lost'", { param: 'outcome' });
    return closeDispute(sandbox, dispute, body.outcome);
  });

  /** Pays out everything available now (the automatic schedule runs at midnight UTC of sandbox time). */
  route('POST', '/_sandbox/payouts/run', () => ({ object: 'list', data: payOutNow(sandbox) }));

  route('POST', '/_sandbox/payouts/:id/fail', ({ params, body }) => {
    const payout = sandbox.store.get<PayoutObject>('payout', params.id ?? '');
    if (!payout) throw resourceMissing('payout', params.id ?? '');
    const code = body.failure_code ?? 'account_closed';
    if (typeof code !== 'string') throw invalidRequest('failure_code must be a string', { param: 'failure_code' });
    return failPayout(sandbox, payout, code);
  });

  /** Opens a dispute on any succeeded charge (not just 0259 cards). */
  route('POST', '/_sandbox/charges/:id/dispute', ({ params, body }) => {
    const charge = sandbox.store.get<ChargeObject>('charge', params.id ?? '');
    if (!charge) throw resourceMissing('charge', params.id ?? '');
    if (charge.status !== 'succeeded') throw invalidRequest('Only a succeeded charge can be disputed.');
    return openDispute(sandbox, charge, typeof body.reason === 'string' ? body.reason : 'fraudulent');
  });

  route('GET', '/_sandbox/faults', () => ({ data: sandbox.faults.list }));
  route('POST', '/_sandbox/faults', ({ body }) => {
    const kind = body.kind ?? 'error';
    if (kind !== 'error' && kind !== 'rate_limit' && kind !== 'hang' && kind !== 'latency') {
      throw invalidRequest('kind must be one of error, rate_limit, hang, latency', { param: 'kind' });
    }
    if (typeof body.path !== 'string' || !body.path.startsWith('/v1/')) {
      throw invalidRequest('path must be an API path prefix such as /v1/checkout/sessions', { param: 'path' });
    }
    const fault = {
      id: randomUUID(),
      path: body.path,
      method: typeof body.method === 'string' && body.method ? body.method.toUpperCase() : null,
      kind,
      // A latency fault slows every matching request until cleared, unless a count is given.
      remaining: kind === 'latency' && body.count === undefined ? null : int(body.count, 'count', 1),
      hangMs: int(body.hang_ms, 'hang_ms', 90_000),
      latencyMs: int(body.latency_ms, 'latency_ms', 150),
    } as const;
    sandbox.faults.add({ ...fault });
    return fault;
  });
  route('POST', '/_sandbox/faults/clear', () => {
    sandbox.faults.clear();
    return { ok: true };
  });

  route('GET', '/_sandbox/requests', () => sandbox.requests.report());
  route('POST', '/_sandbox/requests/reset', () => {
    sandbox.requests.reset();
    return { ok: true };
  });

  route('GET', '/_sandbox/deliveries', ({ query }) => {
    const event = query.get('event');
    const endpoint = query.get('endpoint');
    const status = query.get('status');
    const data = sandbox.store.state.deliveries
      .filter((d) => !event || d.eventId === event)
      .filter((d) => !endpoint || d.endpointId === endpoint)
      .filter((d) => !status || d.status === status)
      .slice()
      .reverse();
    return { data };
  });

  /** Sends an event again; `count` > 1 delivers duplicates. */
  route('POST', '/_sandbox/events/:id/redeliver', ({ params, body }) => {
    const event = eventOrThrow(params.id ?? '');
    const count = int(body.count, 'count', 1);
    const deliveries = [];
    for (let i = 0; i < count; i++) for (const e of targets(body.endpoint)) deliveries.push(sandbox.webhooks.send(event, e, true));
    return { data: deliveries };
  });

  /** Delivers the given events in exactly this order (e.g. reversed, to test out-of-order handling). */
  route('POST', '/_sandbox/events/deliver', ({ body }) => {
    if (!Array.isArray(body.events) || !body.events.every((id) => typeof id === 'string')) {
      throw invalidRequest('events must be an array of event ids, in the order to deliver them', { param: 'events' });
    }
    const events = (body.events as string[]).map(eventOrThrow);
    const deliveries = [];
    for (const event of events) for (const e of targets(body.endpoint)) deliveries.push(sandbox.webhooks.send(event, e, true));
    return { data: deliveries };
  });

  /** Holds automatic deliveries; `resume` sends what was held, optionally newest first. */
  route('POST', '/_sandbox/webhooks/pause', () => {
    sandbox.webhooks.paused = true;
    return { paused: true };
  });
  route('POST', '/_sandbox/webhooks/resume', ({ body }) => {
    sandbox.webhooks.flush(body.order === 'reverse' ? 'reverse' : 'emitted');
    return { paused: false };
  });

  /**
   * Moves sandbox time forward: sessions past `expires_at` expire on next read, and
   * subscriptions that are not on a test clock renew and retry as if that time had passed.
   */
  route('POST', '/_sandbox/clock/advance', ({ body }) => {
    const seconds = int(body.seconds, 'seconds', 0);
    sandbox.clock.offsetMs += seconds * 1000;
    sandbox.store.state.settings = { ...sandbox.store.state.settings, clockOffsetMs: sandbox.clock.offsetMs };
    sandbox.store.touch();
    runBillingUntil(sandbox, sandbox.clock.now(), null);
    sandbox.runTime(sandbox.clock.now());
    return { now: sandbox.clock.now(), offset_seconds: Math.round(sandbox.clock.offsetMs / 1000) };
  });

  /**
   * Advances a test clock and waits for it: `{frozen_time}` or `{seconds}`. Answers with the
   * clock once `ready`, so a test needs no polling.
   */
  route('POST', '/_sandbox/test_clocks/:id/advance', ({ params, body }) => {
    const clock = sandbox.store.get<TestClockObject>('test_helpers.test_clock', params.id ?? '');
    if (!clock) throw resourceMissing('test_helpers.test_clock', params.id ?? '');
    const target = body.frozen_time !== undefined ? int(body.frozen_time, 'frozen_time', 0) : clock.frozen_time + int(body.seconds, 'seconds', 0);
    beginAdvance(sandbox, clock, target);
    return finishAdvance(sandbox, clock, target);
  });

  /** Failed-renewal behaviour: `{retry_days: [3, 5, 7], final_action: 'cancel'|'unpaid'|'past_due'}`. */
  route('GET', '/_sandbox/dunning', () => sandbox.config.dunning);
  route('POST', '/_sandbox/dunning', ({ body }) => {
    const days = body.retry_days;
    if (days !== undefined && (!Array.isArray(days) || !days.every((d) => Number.isInteger(d) && d > 0))) {
      throw invalidRequest('retry_days must be an array of positive integers (days between attempts)', { param: 'retry_days' });
    }
    const action = body.final_action;
    if (action !== undefined && action !== 'cancel' && action !== 'unpaid' && action !== 'past_due') {
      throw invalidRequest("final_action must be 'cancel', 'unpaid' or 'past_due'", { param: 'final_action' });
    }
    sandbox.config.dunning = {
      retryDays: (days as number[] | undefined) ?? sandbox.config.dunning.retryDays,
      finalAction: action ?? sandbox.config.dunning.finalAction,
    };
    sandbox.store.state.settings = { ...sandbox.store.state.settings, dunning: sandbox.config.dunning };
    sandbox.store.touch();
    return sandbox.config.dunning;
  });
}
