import { invalidRequest } from '../core/errors';
import { inRange, paginate } from '../core/list';
import { clone, findOrThrow, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import { runPayoutSchedule, type PayoutObject } from '../payments/payouts';

/**
 * Payouts: the account is on Stripe's automatic daily schedule, so payouts are created by
 * sandbox time (see `payments/payouts.ts`), listed and retrieved here. Manual payouts are
 * refused as Stripe refuses them on an automatic schedule.
 */
export function registerPayouts(sandbox: Sandbox): void {
  const { router, store } = sandbox;
  sandbox.onTime((now) => runPayoutSchedule(sandbox, now));

  router.get('/v1/payouts/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    return findOrThrow<PayoutObject>(sandbox, 'payout', params.id ?? '');
  });

  router.post('/v1/payouts/:id', ({ params, input }) => {
    const p = s.decodeShape({ metadata: s.metadata() }, input);
    const payout = findOrThrow<PayoutObject>(sandbox, 'payout', params.id ?? '');
    if (p.metadata !== undefined) payout.metadata = s.mergeMetadata(payout.metadata ?? {}, p.metadata);
    save(sandbox, payout);
    return clone(payout);
  });

  router.post('/v1/payouts', () => {
    throw invalidRequest(
      'You cannot create manual payouts: this sandbox account is on an automatic daily payout schedule. Payouts are created at midnight UTC of sandbox time, or at once through POST /_sandbox/payouts/run.',
    );
  });

  router.get('/v1/payouts', ({ input }) => {
    const p = s.decodeShape(
      { ...s.listParams, created: s.range(), arrival_date: s.range(), status: s.string(), destination: s.string() },
      input,
    );
    const items = store
      .all<PayoutObject>('payout')
      .filter((po) => inRange(po.created, p.created))
      .filter((po) => inRange(po.arrival_date, p.arrival_date))
      .filter((po) => p.status == null || po.status === p.status)
      .filter((po) => p.destination == null || po.destination === p.destination);
    return paginate(items, p, '/v1/payouts', 'payout');
  });
}
