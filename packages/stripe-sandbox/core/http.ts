import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyExpand } from './expand';
import {
  StripeApiError,
  apiError,
  authenticationError,
  idempotencyError,
  invalidRequest,
  rateLimitError,
  routeMissing,
} from './errors';
import { API_VERSION } from './events';
import { FormDecodeError, parseForm, type FormObject } from './form';
import { ids } from './ids';
import { keepAccepted } from './accepted';
import { checkApiVersion } from './versions';
import { paramsTypeFor } from './sdk-params';
import { requestContext } from './request-context';
import type { Method } from './router';
import type { Sandbox } from './sandbox';

/** Kind of the scheduled task that finishes a test clock advance (see resources/test-clocks.ts). */
export const TEST_CLOCK_ADVANCE_TASK = 'test_clock.advance';

const MAX_BODY = 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) throw invalidRequest('Request body too large.', { status: 413 });
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string>): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-length': Buffer.byteLength(body).toString(), ...headers });
  res.end(body);
}

export function createRequestListener(sandbox: Sandbox) {
  return (req: IncomingMessage, res: ServerResponse) => {
    handle(sandbox, req, res).catch((err: unknown) => {
      console.error('[sandbox] unhandled error', err);
      send(res, 500, JSON.stringify({ error: apiError().body }), { 'content-type': 'application/json' });
    });
  };
}

async function handle(sandbox: Sandbox, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox.local');
  const method = (req.method ?? 'GET').toUpperCase();
  if (url.pathname.startsWith('/v1/')) return handleApi(sandbox, req, res, url, method);
  return handlePage(sandbox, req, res, url, method);
}

async function handlePage(sandbox: Sandbox, req: IncomingMessage, res: ServerResponse, url: URL, method: string) {
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/$/, '') : url.pathname;
  const match = sandbox.pages.match(method, path);
  if (!match) {
    send(res, 404, 'Not found', { 'content-type': 'text/plain; charset=utf-8' });
    return;
  }
  try {
    const body = method === 'POST' ? await readBody(req) : '';
    const out = await match.handler({ method, path, params: match.params, query: url.searchParams, body, headers: req.headers, remoteAddress: req.socket.remoteAddress ?? null });
    sandbox.finishBeforeReply();
    send(res, out.status, out.body, { 'content-type': 'text/html; charset=utf-8', ...out.headers });
  } catch (err) {
    if (err instanceof StripeApiError) {
      send(res, err.status, JSON.stringify({ error: err.body }, null, 2), { 'content-type': 'application/json' });
      return;
    }
    throw err;
  }
}

function authenticate(req: IncomingMessage): string {
  const header = req.headers.authorization ?? '';
  let key = '';
  if (header.startsWith('Bearer ')) key = header.slice(7).trim();
  else if (header.startsWith('Basic ')) key = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')[0] ?? '';
  if (!key) {
    throw authenticationError(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  if (/^(sk|rk)_live_/.test(key)) {
    throw authenticationError(
      'This is the offline Stripe sandbox: it refuses live-mode keys (sk_live_…). Use any sk_test_… key.',
    );
  }
  if (!/^(sk|rk)_test_\S+$/.test(key)) {
    throw authenticationError(`Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`);
  }
  return key;
}

function extractExpand(input: FormObject): string[] {
  const raw = input.expand;
  delete input.expand;
  if (raw === undefined || raw === '') return [];
  if (typeof raw === 'string') return [raw];
  return Object.keys(raw)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => {
      const v = raw[k];
      if (typeof v !== 'string') throw invalidRequest('Invalid array: expand must be an array of strings', { param: 'expand' });
      return v;
    });
}

const inflightKeys = new WeakMap<Sandbox, Set<string>>();

async function handleApi(sandbox: Sandbox, req: IncomingMessage, res: ServerResponse, url: URL, method: string) {
  const requestId = ids.request();
  const baseHeaders: Record<string, string> = {
    'content-type': 'application/json',
    'request-id': requestId,
    'stripe-version': API_VERSION,
  };
  const idempotencyKey = method === 'POST' ? (req.headers['idempotency-key'] as string | undefined) ?? null : null;
  if (idempotencyKey) baseHeaders['idempotency-key'] = idempotencyKey;
  const inflight = inflightKeys.get(sandbox) ?? new Set<string>();
  inflightKeys.set(sandbox, inflight);
  let holdingKey = false;

  const reply = (status: number, payload: unknown, extra: Record<string, string> = {}) =>
    send(res, status, typeof payload === 'string' ? payload : JSON.stringify(payload, null, 2), { ...baseHeaders, ...extra });

  sandbox.requests.record(method, url.pathname);
  try {
    const rawBody = await readBody(req);
    authenticate(req);
    checkApiVersion(req.headers['stripe-version']);

    const latencyMs = sandbox.faults.takeLatency(method, url.pathname);
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    const fault = sandbox.faults.take(method, url.pathname);
    if (fault?.kind === 'rate_limit') throw rateLimitError();
    if (fault?.kind === 'hang') await new Promise((r) => setTimeout(r, fault.hangMs));
    if (fault) throw apiError('Injected fault (sandbox control API).');

    const input = parseForm(method === 'POST' ? rawBody : url.search.slice(1));
    const expand = extractExpand(input);

    let idemKey: string | null = null;
    let paramsHash = '';
    if (idempotencyKey) {
      idemKey = idempotencyKey;
      paramsHash = createHash('sha256').update(JSON.stringify([url.pathname, input, expand])).digest('hex');
      const prior = sandbox.store.state.idempotency[idemKey];
      if (prior) {
        if (prior.paramsHash !== paramsHash) {
          throw idempotencyError(
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idemKey}' if you meant to execute a different request.`,
          );
        }
        reply(prior.status, prior.body, { 'idempotent-replayed': 'true' });
        return;
      }
      if (inflight.has(idemKey)) {
        throw invalidRequest(
          'There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ' +
            idemKey +
            '. Please try again later.',
          { code: 'idempotency_key_in_use', status: 409 },
        );
      }
      inflight.add(idemKey);
      holdingKey = true;
    }

    const match = sandbox.router.match(method, url.pathname);
    if (!match) throw routeMissing(method, url.pathname);
    // Stripe advances test clocks asynchronously and clients poll; the sandbox finishes an
    // advance before it serves the next request, so no client can observe a half-advanced world.
    sandbox.scheduler.runPending(TEST_CLOCK_ADVANCE_TASK);

    let status = 200;
    let body: string;
    try {
      const ctx = { id: requestId, idempotencyKey, sdkParams: paramsTypeFor(method, match.pattern), accepted: {}, acceptedTop: new Set<string>() };
      const handled = await requestContext.run(ctx, () =>
        match.handler({ sandbox, method: method as Method, path: url.pathname, params: match.params, input }),
      );
      const result = keepAccepted(sandbox, method, handled, ctx.accepted, ctx.acceptedTop);
      sandbox.finishBeforeReply();
      body = JSON.stringify(applyExpand(sandbox, result, expand), null, 2);
    } catch (err) {
      // Stripe saves the outcome of a request that started executing, declines included,
      // so a retry with the same key sees the same decline.
      if (err instanceof StripeApiError && err.status === 402) {
        status = 402;
        body = JSON.stringify({ error: err.body }, null, 2);
      } else throw err;
    }
    if (idemKey) {
      sandbox.store.state.idempotency[idemKey] = {
        method,
        path: url.pathname,
        paramsHash,
        status,
        body,
        createdAt: Date.now(),
      };
      sandbox.store.touchIdempotency(idemKey);
    }
    reply(status, body);
  } catch (err) {
    if (err instanceof StripeApiError) {
      reply(err.status, { error: { ...err.body, request_log_url: `${sandbox.config.publicUrl}/_sandbox#${requestId}` } }, err.headers);
    } else if (err instanceof FormDecodeError) {
      reply(400, { error: invalidRequest(err.message, { param: err.param }).body });
    } else {
      console.error('[sandbox] handler error', err);
      reply(500, { error: apiError(err instanceof Error ? err.message : 'An unknown error occurred').body });
    }
  } finally {
    if (holdingKey && idempotencyKey) inflight.delete(idempotencyKey);
  }
}
