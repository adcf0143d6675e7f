import { changedAttributes } from '../core/events';
import { invalidRequest } from '../core/errors';
import { inRange, paginate } from '../core/list';
import { clone, findOrThrow, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import type { ChargeObject, PaymentIntentObject, RefundObject } from '../payments/objects';
import { REFUND_SETTLE_TASK, createRefund, settleRefund } from '../payments/refunds';

export function registerRefunds(sandbox: Sandbox): void {
  const { router, store } = sandbox;

  sandbox.scheduler.register(REFUND_SETTLE_TASK, (payload) => {
    const refund = store.get<RefundObject>('refund', String(payload.refund));
    if (refund) settleRefund(sandbox, refund);
  });

  router.post('/v1/refunds', ({ input }) => {
    const p = s.decodeShape(
      {
        charge: s.string(),
        payment_intent: s.string(),
        amount: s.integer({ min: 1 }),
        reason: s.oneOf(['duplicate', 'fraudulent', 'requested_by_customer'] as const),
        metadata: s.metadata(),
      },
      input,
    );
    let chargeId = p.charge ?? null;
    if (p.charge && p.payment_intent) {
      throw invalidRequest('You may only specify one of these parameters: charge, payment_intent.', { param: 'payment_intent' });
    }
    if (p.payment_intent) {
      const pi = findOrThrow<PaymentIntentObject>(sandbox, 'payment_intent', p.payment_intent, 'payment_intent');
      if (pi.status !== 'succeeded' || typeof pi.latest_charge !== 'string') {
        throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, {
          code: 'charge_not_refundable',
          param: 'payment_intent',
        });
      }
      chargeId = pi.latest_charge;
    }
    if (!chargeId) throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.', { code: 'parameter_missing' });
    const charge = findOrThrow<ChargeObject>(sandbox, 'charge', chargeId, 'charge');
    return clone(createRefund(sandbox, charge, { amount: p.amount ?? null, reason: p.reason ?? null, metadata: p.metadata ?? null }));
  });

  router.get('/v1/refunds/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    return findOrThrow<RefundObject>(sandbox, 'refund', params.id ?? '');
  });

  router.post('/v1/refunds/:id', ({ params, input }) => {
    const p = s.decodeShape({ metadata: s.metadata() }, input);
    const refund = findOrThrow<RefundObject>(sandbox, 'refund', params.id ?? '');
    const before = clone(refund);
    refund.metadata = s.mergeMetadata(refund.metadata, p.metadata);
    save(sandbox, refund);
    const changed = changedAttributes(before, refund);
    // Stripe sends both: refund.updated, and charge.refund.updated for a refund of a charge.
    if (changed && Object.keys(changed).length > 0) {
      sandbox.events.emit('refund.updated', refund, changed);
      sandbox.events.emit('charge.refund.updated', refund, changed);
    }
    return clone(refund);
  });

  router.get('/v1/refunds', ({ input }) => {
    const p = s.decodeShape({ ...s.listParams, charge: s.string(), payment_intent: s.string(), created: s.range() }, input);
    const items = store
      .all<RefundObject>('refund')
      .filter((r) => p.charge == null || r.charge === p.charge)
      .filter((r) => p.payment_intent == null || r.payment_intent === p.payment_intent)
      .filter((r) => inRange(r.created, p.created));
    return paginate(items, p, '/v1/refunds', 'refund');
  });
}
