import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paymentStatuses, type PaymentStatus } from '@/db/schema/enums';
import { type PaymentSignal, TERMINAL_PAYMENT_STATUSES, transitionPayment } from './payment-status';

const intent = (status: string, hasError = false): PaymentSignal => ({ kind: 'intent', status, hasError });
const refunds = (amountRefunded: number, amount = 4900): PaymentSignal => ({ kind: 'refunds', amount, amountRefunded });

function run(start: PaymentStatus | null, signals: PaymentSignal[]): PaymentStatus | null {
  let status = start;
  for (const s of signals) status = transitionPayment(status, s).status;
  return status;
}

describe('transitionPayment', () => {
  it('walks the happy path of a card payment', () => {
    expect(run(null, [intent('requires_payment_method'), intent('processing'), intent('succeeded')])).toBe('succeeded');
    expect(transitionPayment(null, intent('succeeded'))).toEqual({ status: 'succeeded', changed: true, stale: false });
  });

  it('reports a late processing after succeeded as stale and changes nothing', () => {
    expect(transitionPayment('succeeded', intent('processing'))).toEqual({ status: 'succeeded', changed: false, stale: true });
    expect(transitionPayment('refunded', intent('succeeded'))).toEqual({ status: 'refunded', changed: false, stale: true });
  });

  it('treats the same status as no change, not stale', () => {
    expect(transitionPayment('succeeded', intent('succeeded'))).toEqual({ status: 'succeeded', changed: false, stale: false });
  });

  it('lets a declined payment be retried on the same intent', () => {
    expect(run('pending', [intent('requires_payment_method', true)])).toBe('failed');
    expect(run('failed', [intent('requires_action'), intent('succeeded')])).toBe('succeeded');
  });

  it('moves through partial and full refunds, and back when a refund fails', () => {
    expect(run('succeeded', [refunds(1000)])).toBe('partially_refunded');
    expect(run('partially_refunded', [refunds(4900)])).toBe('refunded');
    expect(run('refunded', [refunds(1000)])).toBe('partially_refunded');
    expect(run('succeeded', [refunds(0)])).toBe('succeeded');
  });

  it('settles disputes: won restores, lost charges back', () => {
    expect(run('succeeded', [{ kind: 'dispute_opened' }, { kind: 'dispute_closed', outcome: 'won', amountRefunded: 0 }])).toBe('succeeded');
    expect(run('partially_refunded', [{ kind: 'dispute_opened' }, { kind: 'dispute_closed', outcome: 'won', amountRefunded: 100 }])).toBe(
      'partially_refunded',
    );
    expect(run('succeeded', [{ kind: 'dispute_opened' }, { kind: 'dispute_closed', outcome: 'lost', amountRefunded: 0 }])).toBe('charged_back');
  });

  it('never lets a late intent event end a dispute', () => {
    expect(transitionPayment('disputed', intent('succeeded'))).toMatchObject({ status: 'disputed', stale: true });
  });

  it('cannot dispute a payment that never succeeded', () => {
    expect(transitionPayment('processing', { kind: 'dispute_opened' })).toMatchObject({ status: 'processing', stale: true });
  });
});

const signalArb: fc.Arbitrary<PaymentSignal> = fc.oneof(
  fc
    .record({
      status: fc.constantFrom('requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'requires_capture', 'succeeded', 'canceled', 'weird'),
      hasError: fc.boolean(),
    })
    .map(({ status, hasError }) => intent(status, hasError)),
  fc.integer({ min: 0, max: 5000 }).map((n) => refunds(n)),
  fc.constant<PaymentSignal>({ kind: 'dispute_opened' }),
  fc.record({ outcome: fc.constantFrom<'won' | 'lost'>('won', 'lost'), amountRefunded: fc.integer({ min: 0, max: 4900 }) }).map(
    (r): PaymentSignal => ({ kind: 'dispute_closed', ...r }),
  ),
);

// States a payment is in before its money has settled; once settled it never returns there.
const unsettled: readonly PaymentStatus[] = ['pending', 'requires_action', 'processing', 'failed'];
const settled: readonly PaymentStatus[] = ['succeeded', 'partially_refunded', 'refunded', 'disputed'];

describe('transitionPayment properties', () => {
  it('has canceled and charged_back as its terminal states', () => {
    expect([...TERMINAL_PAYMENT_STATUSES].sort()).toEqual(['canceled', 'charged_back']);
  });

  it('no sequence of events moves a terminal state', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TERMINAL_PAYMENT_STATUSES), fc.array(signalArb, { maxLength: 30 }), (start, signals) => {
        expect(run(start, signals)).toBe(start);
      }),
    );
  });

  it('no sequence of events moves settled money back to an unsettled state', () => {
    fc.assert(
      fc.property(fc.constantFrom(...settled), fc.array(signalArb, { maxLength: 30 }), (start, signals) => {
        expect(unsettled).not.toContain(run(start, signals));
      }),
    );
  });

  it('every result is a known status, and stale results never change anything', () => {
    fc.assert(
      fc.property(fc.constantFrom(...paymentStatuses), signalArb, (start, signal) => {
        const t = transitionPayment(start, signal);
        expect(paymentStatuses).toContain(t.status);
        if (t.stale) expect(t).toMatchObject({ status: start, changed: false });
        if (!t.changed) expect(t.status).toBe(start);
      }),
    );
  });

  it('a duplicated signal is a no-op the second time', () => {
    fc.assert(
      fc.property(fc.constantFrom(...paymentStatuses), signalArb, (start, signal) => {
        const once = transitionPayment(start, signal).status;
        expect(transitionPayment(once, signal)).toMatchObject({ status: once, changed: false });
      }),
    );
  });
});
