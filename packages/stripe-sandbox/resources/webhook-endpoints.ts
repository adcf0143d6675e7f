import type Stripe from 'stripe';
import { ids } from '../core/ids';
import { paginate } from '../core/list';
import { clone, findOrThrow, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import { invalidRequest } from '../core/errors';
import { API_VERSION } from '../core/events';
import { WEBHOOK_SECRETS } from '../core/webhooks';
import type { Wire } from '../core/wire';

export type WebhookEndpointObject = Wire<Stripe.WebhookEndpoint>;

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidRequest('Invalid URL: An explicit scheme (such as https) must be provided.', { param: 'url' });
  }
  // Stripe requires https and public hosts; the sandbox's whole point is local URLs.
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalidRequest('Invalid URL: URL must be http or https.', { param: 'url' });
  }
}

export function registerWebhookEndpoints(sandbox: Sandbox): void {
  const { router, store } = sandbox;

  router.post('/v1/webhook_endpoints', ({ input }) => {
    const p = s.decodeShape(
      {
        url: s.required(s.string({ max: 5000 })),
        enabled_events: s.required(s.array(s.string())),
        description: s.string({ max: 5000 }),
        metadata: s.metadata(),
        api_version: s.string(),
      },
      input,
    );
    checkUrl(p.url);
    if (p.api_version && p.api_version !== API_VERSION) {
      throw invalidRequest(`This sandbox only renders API version ${API_VERSION}.`, { param: 'api_version' });
    }
    const id = ids.webhookEndpoint();
    const secret = ids.webhookSecret();
    const endpoint = {
      id,
      object: 'webhook_endpoint',
      api_version: p.api_version ?? null,
      application: null,
      created: sandbox.clock.now(),
      description: p.description ?? null,
      enabled_events: p.enabled_events,
      livemode: false,
      metadata: p.metadata ?? {},
      status: 'enabled',
      url: p.url,
    } satisfies WebhookEndpointObject;
    save(sandbox, endpoint);
    store.setInternal(WEBHOOK_SECRETS, id, secret);
    // Only the create response carries the secret, as with Stripe.
    return { ...clone(endpoint), secret };
  });

  router.get('/v1/webhook_endpoints/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    return findOrThrow<WebhookEndpointObject>(sandbox, 'webhook_endpoint', params.id ?? '');
  });

  router.post('/v1/webhook_endpoints/:id', ({ params, input }) => {
    const p = s.decodeShape(
      {
        url: s.string({ max: 5000 }),
        enabled_events: s.array(s.string()),
        description: s.string({ max: 5000 }),
        metadata: s.metadata(),
        disabled: s.boolean(),
      },
      input,
    );
    const current = findOrThrow<WebhookEndpointObject>(sandbox, 'webhook_endpoint', params.id ?? '');
    if (p.url) checkUrl(p.url);
    const next: WebhookEndpointObject = {
      ...current,
      ...(p.url && { url: p.url }),
      ...(p.enabled_events && { enabled_events: p.enabled_events }),
      ...(p.description !== undefined && { description: p.description }),
      ...(p.disabled != null && { status: p.disabled ? 'disabled' : 'enabled' }),
      metadata: s.mergeMetadata(current.metadata, p.metadata),
    };
    save(sandbox, next);
    return clone(next);
  });

  router.get('/v1/webhook_endpoints', ({ input }) => {
    const p = s.decodeShape(s.listParams, input);
    return paginate(store.all<WebhookEndpointObject>('webhook_endpoint'), p, '/v1/webhook_endpoints', 'webhook_endpoint');
  });

  router.delete('/v1/webhook_endpoints/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    const endpoint = findOrThrow<WebhookEndpointObject>(sandbox, 'webhook_endpoint', params.id ?? '');
    store.remove('webhook_endpoint', endpoint.id);
    return { id: endpoint.id, object: 'webhook_endpoint', deleted: true } satisfies Wire<Stripe.DeletedWebhookEndpoint>;
  });
}
