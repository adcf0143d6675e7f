import { inRange, paginate } from '../core/list';
import { clone, findOrThrow } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import type { ChargeObject, RefundObject } from '../payments/objects';

export function registerCharges(sandbox: Sandbox): void {
  const { router, store } = sandbox;

  // Since 2022-11-15 `refunds` is only present when expanded.
  sandbox.expand('charge', 'refunds', (sb, parent) => {
    const data = sb.store.all<RefundObject>('refund').filter((r) => r.charge === parent.id);
    return { object: 'list', data: clone(data), has_more: false, url: `/v1/charges/${String(parent.id)}/refunds` };
  });

  router.get('/v1/charges/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    return findOrThrow<ChargeObject>(sandbox, 'charge', params.id ?? '');
  });

  router.get('/v1/charges', ({ input }) => {
    const p = s.decodeShape({ ...s.listParams, customer: s.string(), payment_intent: s.string(), created: s.range() }, input);
    const items = store
      .all<ChargeObject>('charge')
      .filter((c) => p.customer == null || c.customer === p.customer)
      .filter((c) => p.payment_intent == null || c.payment_intent === p.payment_intent)
      .filter((c) => inRange(c.created, p.created));
    return paginate(items, p, '/v1/charges', 'charge');
  });
}
