import { inRange, paginate } from '../core/list';
import { findOrThrow } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import type { StoredEvent } from '../core/events';
import * as s from '../core/schema';
import { invalidRequest } from '../core/errors';

/** `charge.*` matches every `charge.` event, as Stripe's `type` filter does. */
function typeMatches(type: string, pattern: string): boolean {
  if (pattern.endsWith('*')) return type.startsWith(pattern.slice(0, -1));
  return type === pattern;
}

export function registerEvents(sandbox: Sandbox): void {
  const { router, store } = sandbox;

  router.get('/v1/events/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    return findOrThrow<StoredEvent>(sandbox, 'event', params.id ?? '');
  });

  router.get('/v1/events', ({ input }) => {
    const p = s.decodeShape(
      {
        ...s.listParams,
        type: s.string(),
        types: s.array(s.string()),
        created: s.range(),
        delivery_success: s.boolean(),
      },
      input,
    );
    if (p.type && p.types) {
      throw invalidRequest('You may only specify one of these parameters: type, types.', { param: 'types' });
    }
    const deliveredOk = (id: string) =>
      store.state.deliveries.some((d) => d.eventId === id && d.status === 'succeeded');
    const items = store
      .all<StoredEvent>('event')
      .filter((e) => !p.type || typeMatches(e.type, p.type))
      .filter((e) => !p.types || p.types.some((t) => typeMatches(e.type, t)))
      .filter((e) => inRange(e.created, p.created))
      .filter((e) => p.delivery_success == null || deliveredOk(e.id) === p.delivery_success);
    return paginate(items, p, '/v1/events', 'event');
  });
}

