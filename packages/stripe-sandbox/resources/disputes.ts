import type Stripe from 'stripe';
import { newId } from '../core/ids';
import type { Wire } from '../core/wire';
import { inRange, paginate } from '../core/list';
import { clone, findOrThrow, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import { DISPUTE_INTENTS } from '../payments/engine';
import {
  DISPUTE_OPEN_TASK,
  closeDispute,
  closeOverdueDisputes,
  evidenceFields,
  openDispute,
  updateDispute,
  type DisputeObject,
  type EvidenceField,
} from '../payments/disputes';
import type { ChargeObject } from '../payments/objects';

const evidenceSpec = s.object(
  Object.fromEntries(evidenceFields.map((f) => [f, s.string({ max: 150_000 })])) as Record<EvidenceField, ReturnType<typeof s.string>>,
);

export function registerDisputes(sandbox: Sandbox): void {
  const { router, store } = sandbox;

  // A dispute card's charge is disputed once the purchase flow's own events are out: before
  // the paying request is answered (`beforeReply`), or after `disputeOpenMs` for a charge
  // made outside a request (a renewal).
  sandbox.hooks.set('disputes.open', (chargeId: string) => {
    sandbox.scheduler.schedule(DISPUTE_OPEN_TASK, sandbox.config.disputeOpenMs, { charge: chargeId });
  });
  // As in Stripe, the dispute exists (is listable) by the time the paying request is answered.
  sandbox.beforeReply.add(DISPUTE_OPEN_TASK);
  sandbox.scheduler.register(DISPUTE_OPEN_TASK, (payload) => {
    const charge = store.get<ChargeObject>('charge', String(payload.charge));
    if (!charge || charge.disputed) return;
    const intent = store.internal<{ reason: string }>(DISPUTE_INTENTS)[charge.id];
    openDispute(sandbox, charge, intent?.reason ?? 'fraudulent');
  });

  sandbox.onTime((now) => closeOverdueDisputes(sandbox, now));

  // 5423: the issuer reports an early fraud warning on a succeeded charge.
  sandbox.hooks.set('radar.early_fraud_warning', (chargeId: string) => {
    const charge = store.get<ChargeObject>('charge', chargeId);
    if (!charge) return;
    const warning = {
      id: newId('issfr'),
      object: 'radar.early_fraud_warning',
      actionable: true,
      charge: charge.id,
      created: sandbox.clock.now(),
      fraud_type: 'made_with_stolen_card',
      livemode: false,
      payment_intent: charge.payment_intent ?? undefined,
    } satisfies Wire<Stripe.Radar.EarlyFraudWarning>;
    save(sandbox, warning);
    sandbox.events.emit('radar.early_fraud_warning.created', warning);
  });

  router.get('/v1/radar/early_fraud_warnings/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    return findOrThrow<Wire<Stripe.Radar.EarlyFraudWarning> & { id: string; object: string }>(sandbox, 'radar.early_fraud_warning', params.id ?? '');
  });

  router.get('/v1/radar/early_fraud_warnings', ({ input }) => {
    const p = s.decodeShape({ ...s.listParams, charge: s.string(), payment_intent: s.string(), created: s.range() }, input);
    const items = store
      .all<Wire<Stripe.Radar.EarlyFraudWarning> & { id: string; object: string; created: number }>('radar.early_fraud_warning')
      .filter((w) => p.charge == null || w.charge === p.charge)
      .filter((w) => p.payment_intent == null || w.payment_intent === p.payment_intent)
      .filter((w) => inRange(w.created, p.created));
    return paginate(items, p, '/v1/radar/early_fraud_warnings', 'radar.early_fraud_warning');
  });

  router.get('/v1/disputes/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    return findOrThrow<DisputeObject>(sandbox, 'dispute', params.id ?? '');
  });

  router.post('/v1/disputes/:id', ({ params, input }) => {
    const p = s.decodeShape({ evidence: evidenceSpec, metadata: s.metadata(), submit: s.boolean() }, input);
    const dispute = findOrThrow<DisputeObject>(sandbox, 'dispute', params.id ?? '');
    const metadata = p.metadata !== undefined ? s.mergeMetadata(dispute.metadata, p.metadata) : undefined;
    if (p.evidence === undefined && p.submit === undefined && metadata) {
      dispute.metadata = metadata;
      save(sandbox, dispute);
      return clone(dispute);
    }
    return clone(
      updateDispute(sandbox, dispute, {
        evidence: p.evidence ?? null,
        ...(metadata ? { metadata } : {}),
        submit: p.submit ?? null,
      }),
    );
  });

  /** Accepting a dispute: Stripe's `close` marks it lost. */
  router.post('/v1/disputes/:id/close', ({ params, input }) => {
    s.decodeShape({}, input);
    return clone(closeDispute(sandbox, findOrThrow<DisputeObject>(sandbox, 'dispute', params.id ?? ''), 'lost'));
  });

  router.get('/v1/disputes', ({ input }) => {
    const p = s.decodeShape({ ...s.listParams, charge: s.string(), payment_intent: s.string(), created: s.range() }, input);
    const items = store
      .all<DisputeObject>('dispute')
      .filter((d) => p.charge == null || d.charge === p.charge)
      .filter((d) => p.payment_intent == null || d.payment_intent === p.payment_intent)
      .filter((d) => inRange(d.created, p.created));
    return paginate(items, p, '/v1/disputes', 'dispute');
  });
}
