import { describe, expect, it } from 'vitest';
import { planRefund } from './refund-plan';

const payment = { amount: 4900, currency: 'usd', status: 'succeeded', standingRefunds: 0, learnerEmail: 'ada@example.com', productTitle: 'TypeScript', methodLabel: 'Visa •••• 4242', hasEnrollment: true };

describe('planRefund', () => {
  it('keeps access on a partial refund and revokes on a full one by default', () => {
    const partial = planRefund(payment, { amount: '20' });
    expect(partial).toMatchObject({ ok: true, amount: 2000, full: false, keepAccess: true, remainingAfter: 2900 });
    if (partial.ok) expect(partial.effects[0]).toBe('$20.00 goes back to Visa •••• 4242 ($29.00 stays refundable).');
    expect(planRefund(payment, { amount: '49.00' })).toMatchObject({ ok: true, full: true, keepAccess: false });
    expect(planRefund(payment, { amount: '49', access: 'keep' })).toMatchObject({ ok: true, full: true, keepAccess: true });
    expect(planRefund(payment, { amount: '1', access: 'revoke' })).toMatchObject({ ok: true, keepAccess: false });
  });

  it('refuses what Stripe would refuse, with a sentence', () => {
    expect(planRefund(payment, { amount: '50' })).toEqual({ ok: false, error: 'At most $49.00 can still be refunded.' });
    expect(planRefund({ ...payment, standingRefunds: 4000 }, { amount: '10' })).toEqual({ ok: false, error: 'At most $9.00 can still be refunded.' });
    expect(planRefund(payment, { amount: '0' })).toMatchObject({ ok: false });
    expect(planRefund(payment, { amount: 'lots' })).toMatchObject({ ok: false });
    expect(planRefund({ ...payment, status: 'disputed' }, { amount: '1' })).toEqual({ ok: false, error: 'A disputed payment cannot be refunded here.' });
    expect(planRefund({ ...payment, standingRefunds: 4900, status: 'partially_refunded' }, { amount: '1' })).toEqual({ ok: false, error: 'This payment has already been refunded in full.' });
  });

  it('follows the currency\'s minor units', () => {
    expect(planRefund({ ...payment, currency: 'jpy', amount: 4800 }, { amount: '1000' })).toMatchObject({ ok: true, amount: 1000 });
  });

  it('refunds a subscription payment through a credit note on its invoice, never past what the invoice can still credit', () => {
    const renewal = { ...payment, amount: 1900, productTitle: 'All-Access', hasEnrollment: false, invoice: { stripeInvoiceId: 'in_1', number: 'ABCD1234-0001', creditable: 1900 } };
    const plan = planRefund(renewal, { amount: '5' });
    expect(plan).toMatchObject({ ok: true, amount: 500, creditNoteOn: 'in_1', full: false });
    if (plan.ok) {
      expect(plan.effects).toContain('Stripe issues a credit note for $5.00 on invoice ABCD1234-0001, so the invoice shows the credit; the refund is made by the credit note.');
      expect(plan.effects.some((e) => e.includes('No course access'))).toBe(false);
    }
    // $10 already credited to the balance in Stripe's dashboard: only $9 can still go back.
    const credited = { ...renewal, invoice: { ...renewal.invoice, creditable: 900 } };
    expect(planRefund(credited, { amount: '10' })).toEqual({ ok: false, error: 'At most $9.00 can still be refunded.' });
    expect(planRefund(credited, { amount: '9' })).toMatchObject({ ok: true, full: true });
    expect(planRefund({ ...renewal, invoice: { ...renewal.invoice, creditable: 0 } }, { amount: '1' })).toEqual({ ok: false, error: "This payment's invoice has already been credited in full." });
    // Not mirrored yet: the payment's own amounts decide (Stripe refuses anything beyond).
    expect(planRefund({ ...renewal, invoice: { ...renewal.invoice, creditable: null } }, { amount: '19' })).toMatchObject({ ok: true, full: true });
    expect(planRefund(payment, { amount: '1' })).toMatchObject({ ok: true, creditNoteOn: null });
  });
});
