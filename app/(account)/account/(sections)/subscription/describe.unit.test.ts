import { describe, expect, it } from 'vitest';
import type { SwitchPreview } from '@/lib/billing/subscription-actions';
import { describePaymentMethod, describeStatus, explainSwitch, nextPaymentAfterCredit } from './describe';

const end = new Date('2026-12-27T12:00:00Z');
const base = { cancelAtPeriodEnd: false, currentPeriodEnd: end, trialEnd: null, endedAt: null };

describe('subscription page wording', () => {
  it('says when access ends rather than "active" once a cancellation is scheduled', () => {
    expect(describeStatus({ ...base, status: 'active' })).toMatchObject({ label: 'Active', detail: 'Renews automatically on December 27, 2026.' });
    expect(describeStatus({ ...base, status: 'active', cancelAtPeriodEnd: true })).toMatchObject({
      label: 'Canceled — access until period end',
      detail: 'You keep All-Access until December 27, 2026. You will not be charged again.',
    });
    expect(describeStatus({ ...base, status: 'canceled', endedAt: end }).detail).toBe('Your subscription ended on December 27, 2026.');
    expect(describeStatus({ ...base, status: 'past_due' }).label).toBe('Payment failed');
  });

  it('names the card without ever needing more than brand, last4 and expiry', () => {
    expect(describePaymentMethod({ type: 'card', brand: 'visa', last4: '4242', expMonth: 3, expYear: 2030 })).toBe('Visa •••• 4242, expires 03/2030');
    expect(describePaymentMethod({ type: 'us_bank_account', brand: null, last4: '6789', expMonth: null, expYear: null })).toBe('US bank account •••• 6789');
  });

  const preview = (over: Partial<SwitchPreview>): SwitchPreview => ({
    subscriptionId: 'x',
    interval: 'year',
    prorationDate: 0,
    currency: 'usd',
    amountDueNow: 17100,
    total: 17100,
    credit: 1900,
    newPeriodAmount: 19000,
    newPeriodEnd: new Date('2027-11-27T12:00:00Z'),
    lines: [],
    ...over,
  });

  it('explains monthly → yearly: the charge today, the credit, and the next renewal', () => {
    expect(explainSwitch(preview({}))).toEqual([
      'You will be charged $171.00 today: $190.00 for a year of All-Access, minus $19.00 credit for the unused time on your current plan.',
      'Your new billing period starts today; after that you are billed $190.00 yearly, next on November 27, 2027.',
    ]);
  });

  it('explains yearly → monthly when the unused year is worth more than a month: nothing charged, the rest kept as credit', () => {
    const sentences = explainSwitch(preview({ interval: 'month', amountDueNow: 0, total: -15000, credit: 16900, newPeriodAmount: 1900, newPeriodEnd: new Date('2026-12-27T12:00:00Z') }));
    expect(sentences).toEqual([
      'Nothing is charged today: the $169.00 credit for the unused time on your current plan covers a month of All-Access ($19.00).',
      'The remaining $150.00 stays on your account as credit and pays toward your next invoices.',
      'Your new billing period starts today; after that you are billed $19.00 monthly, next on December 27, 2026.',
    ]);
  });

  it('speaks in the subscription currency (JPY has no minor unit)', () => {
    expect(explainSwitch(preview({ currency: 'jpy', amountDueNow: 18000, total: 18000, credit: 2000, newPeriodAmount: 20000 }))[0]).toBe(
      'You will be charged ¥18,000 today: ¥20,000 for a year of All-Access, minus ¥2,000 credit for the unused time on your current plan.',
    );
  });
});

describe('the next payment after credit', () => {
  it('lets credit pay first and the card the rest, as Stripe applies a customer balance', () => {
    expect(nextPaymentAfterCredit({ unitAmount: 1900, currency: 'usd' }, { amount: 15000, currency: 'usd' })).toEqual({ charged: 0, creditUsed: 1900, creditLeft: 13100 });
    expect(nextPaymentAfterCredit({ unitAmount: 1900, currency: 'usd' }, { amount: 500, currency: 'usd' })).toEqual({ charged: 1400, creditUsed: 500, creditLeft: 0 });
    expect(nextPaymentAfterCredit({ unitAmount: 1900, currency: 'usd' }, null)).toEqual({ charged: 1900, creditUsed: 0, creditLeft: 0 });
  });

  it('never applies credit in another currency', () => {
    expect(nextPaymentAfterCredit({ unitAmount: 1900, currency: 'usd' }, { amount: 5000, currency: 'eur' })).toEqual({ charged: 1900, creditUsed: 0, creditLeft: 0 });
  });
});
