import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HANDLED_EVENT_TYPES } from './dispatch';

// DESIGN.md "Events to handle": the minimum the pipeline must process, plus the ones marked below.
const REQUIRED = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'payment_intent.processing',
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'payment_intent.requires_action',
  'charge.succeeded',
  'charge.updated',
  'charge.refunded',
  'refund.created',
  'refund.updated',
  'refund.failed',
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.funds_withdrawn',
  'charge.dispute.funds_reinstated',
  'charge.dispute.closed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.trial_will_end',
  'customer.subscription.paused',
  'customer.subscription.resumed',
  'invoice.paid',
  'invoice.payment_failed',
  'invoice.payment_action_required',
  'invoice.upcoming',
  'invoice.finalized',
  'invoice.marked_uncollectible',
  'customer.updated',
  'customer.deleted',
  'payment_method.attached',
  'payment_method.updated',
  'payment_method.detached',
  'payment_method.automatically_updated',
  // Beyond DESIGN's minimum: a failed payout alerts the admins.
  'payout.failed',
  // A subscription payment is refunded with a credit note on its invoice (issue 16).
  'credit_note.created',
  'credit_note.updated',
  'credit_note.voided',
];

describe('stripeEventHandlers', () => {
  it('handles exactly the event types DESIGN.md lists', () => {
    expect([...HANDLED_EVENT_TYPES].sort()).toEqual([...REQUIRED].sort());
  });

  it('has one handler file per event type, named after it', () => {
    const files = readdirSync(path.join(import.meta.dirname, 'handlers')).filter((f) => f.endsWith('.ts'));
    expect(files.sort()).toEqual(REQUIRED.map((t) => `${t.replaceAll(/[._]/g, '-')}.ts`).sort());
  });
});
