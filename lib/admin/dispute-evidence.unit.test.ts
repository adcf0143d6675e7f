import { describe, expect, it } from 'vitest';
import { describeCountdown } from '@/app/(admin)/admin/disputes/countdown';
import { compileEvidence, type EvidenceFacts, evidenceDraftSchema, evidenceForStripe, FIELD_LIMIT } from './dispute-evidence';

const t = (iso: string) => new Date(iso);

function facts(overrides: Partial<EvidenceFacts> = {}): EvidenceFacts {
  return {
    learner: { name: 'Ada Lovelace', email: 'ada@example.com', signedUpAt: t('2026-11-01T09:00:00Z') },
    purchase: { paidAt: t('2026-11-02T10:00:00Z'), amountLabel: '$49.00', stripePaymentIntentId: 'pi_123', methodLabel: 'Visa •••• 4242' },
    product: { kind: 'course', title: 'Pricing Your Software', summary: 'Price with confidence.', lessonCount: 4 },
    signIns: [
      { at: t('2026-11-02T09:58:00Z'), ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36' },
      { at: t('2026-11-05T18:00:00Z'), ip: null, userAgent: null },
    ],
    lessons: [{ courseTitle: 'Pricing Your Software', position: 2, lessonTitle: 'Packaging and plans', firstOpenedAt: t('2026-11-02T10:05:00Z'), lastOpenedAt: t('2026-11-05T18:01:00Z'), completedAt: t('2026-11-05T18:20:00Z') }],
    policies: { refund: 'Refunds within 14 days.', refundDisclosure: 'Printed on every receipt.', cancellation: 'Cancel any time.' },
    storeName: 'Bursar',
    ...overrides,
  };
}

describe('compileEvidence', () => {
  it('fills Stripe text fields from the facts, with an access log in time order', () => {
    const draft = compileEvidence(facts());
    expect(draft.customer_name).toBe('Ada Lovelace');
    expect(draft.service_date).toBe('2026-11-02');
    expect(draft.product_description).toContain('"Pricing Your Software": an online video and text course of 4 lessons');
    expect(draft.access_activity_log.split('\n').slice(2)).toEqual([
      '2026-11-02 09:58 UTC  Signed in (from 203.0.113.7, Chrome on Linux)',
      '2026-11-02 10:00 UTC  Purchase completed ($49.00, pi_123)',
      '2026-11-02 10:05 UTC  Opened lesson 2 "Packaging and plans"',
      '2026-11-05 18:00 UTC  Signed in',
      '2026-11-05 18:01 UTC  Opened again lesson 2 "Packaging and plans" (last visit)',
      '2026-11-05 18:20 UTC  Completed lesson 2 "Packaging and plans"',
    ]);
    expect(draft.access_activity_log).toMatch(/^Bursar access log for ada@example.com \(times in UTC\)\. 2 sign-ins \(1 after the purchase\); 1 of 4 lessons opened, 1 completed\./);
    expect(draft.refund_policy_disclosure).toBe('Printed on every receipt.\n\nThe refund policy reads:\nRefunds within 14 days.');
    expect(draft.cancellation_policy_disclosure).toBe('');
    expect(draft.uncategorized_text).toContain('most recently on 2026-11-05');
  });

  it('never lists a completion before the lesson was opened', () => {
    const opened = t('2026-11-02T10:05:00.300Z');
    const draft = compileEvidence(facts({ lessons: [{ courseTitle: 'x', position: 1, lessonTitle: 'Intro', firstOpenedAt: opened, lastOpenedAt: opened, completedAt: t('2026-11-02T10:05:00.100Z') }] }));
    const lines = draft.access_activity_log.split('\n');
    expect(lines.findIndex((l) => l.includes('Opened lesson 1'))).toBeLessThan(lines.findIndex((l) => l.includes('Completed lesson 1')));
  });

  it('quotes the cancellation policy for a subscription, and keeps the log within Stripe’s field limit', () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({ at: new Date(Date.UTC(2026, 10, 3, 0, i)), ip: '198.51.100.1', userAgent: null }));
    const draft = compileEvidence(facts({ product: { kind: 'plan', name: 'All-Access', description: 'Every course.' }, signIns: many }));
    expect(draft.cancellation_policy_disclosure).toContain('Cancel any time.');
    expect(draft.access_activity_log.length).toBeLessThanOrEqual(FIELD_LIMIT);
    // The earliest use survives the cut: it answers "never received".
    expect(draft.access_activity_log).toContain('2026-11-02 10:00 UTC  Purchase completed');
  });

  it('sends only non-empty fields (an empty string would erase one at Stripe) and validates limits', () => {
    expect(evidenceForStripe({ customer_name: 'Ada', cancellation_rebuttal: '', uncategorized_text: '  ' })).toEqual({ customer_name: 'Ada' });
    expect(evidenceDraftSchema.safeParse({ customer_name: 'x'.repeat(FIELD_LIMIT + 1) }).success).toBe(false);
    expect(evidenceDraftSchema.safeParse({ customer_name: 'ok\u0000' }).success).toBe(false);
    expect(evidenceDraftSchema.safeParse({ customer_name: 'line\nbreaks\tare fine' }).success).toBe(true);
  });
});

describe('describeCountdown', () => {
  const now = t('2026-12-05T12:00:00Z');
  it('says how long is left, and how urgent', () => {
    expect(describeCountdown(t('2026-12-12T12:00:00Z'), now)).toEqual({ text: '7 days 0 h left', urgency: 'ok' });
    expect(describeCountdown(t('2026-12-07T13:00:00Z'), now)).toEqual({ text: '2 days 1 h left', urgency: 'soon' });
    expect(describeCountdown(t('2026-12-05T15:20:00Z'), now)).toEqual({ text: '3 h 20 min left', urgency: 'urgent' });
    expect(describeCountdown(t('2026-12-05T08:00:00Z'), now)).toEqual({ text: 'Overdue by 4 h 0 min', urgency: 'overdue' });
  });
});
