import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { payments } from './billing';
import { amount, createdAt, currency, isCurrency, oneOf, syncedVersion, tz, updatedAt } from './columns';
import { type DisputeStatus, disputeStatuses, type RefundStatus, refundStatuses } from './enums';

// Part of the billing domain: money going back, by our choice (refunds) or not (disputes).

export const refunds = pgTable(
  'refunds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Null only between our request and Stripe's answer; the idempotency key bridges that gap.
    stripeRefundId: text('stripe_refund_id').unique(),
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => payments.id, { onDelete: 'restrict' }),
    amount: amount('amount').notNull(),
    currency: currency().notNull(),
    status: text('status').$type<RefundStatus>().notNull().default('pending'),
    reason: text('reason'),
    failureReason: text('failure_reason'),
    // Admin choice recorded with the request: a full refund revokes access unless kept.
    revokeAccess: boolean('revoke_access').notNull().default(true),
    requestedByUserId: text('requested_by_user_id').references(() => users.id),
    idempotencyKey: text('idempotency_key').unique(),
    lastEventAt: tz('last_event_at'),
    syncedVersion: syncedVersion(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('refunds_status_check', oneOf(t.status, refundStatuses)),
    check('refunds_currency_check', isCurrency(t.currency)),
    check('refunds_amount_check', sql`${t.amount} > 0`),
    index('refunds_payment_idx').on(t.paymentId),
    index('refunds_created_idx').on(t.createdAt, t.id),
  ],
);

export const disputes = pgTable(
  'disputes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stripeDisputeId: text('stripe_dispute_id').notNull().unique(),
    paymentId: uuid('payment_id').references(() => payments.id, { onDelete: 'restrict' }),
    stripeChargeId: text('stripe_charge_id').notNull(),
    amount: amount('amount').notNull(),
    currency: currency().notNull(),
    status: text('status').$type<DisputeStatus>().notNull(),
    reason: text('reason').notNull(),
    evidenceDueBy: tz('evidence_due_by'),
    isChargeRefundable: boolean('is_charge_refundable').notNull().default(false),
    closedAt: tz('closed_at'),
    lastEventAt: tz('last_event_at'),
    syncedVersion: syncedVersion(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('disputes_status_check', oneOf(t.status, disputeStatuses)),
    check('disputes_currency_check', isCurrency(t.currency)),
    check('disputes_amount_check', sql`${t.amount} >= 0`),
    // The admin queue: open disputes by deadline.
    index('disputes_status_due_idx').on(t.status, t.evidenceDueBy),
    index('disputes_payment_idx').on(t.paymentId),
    index('disputes_created_idx').on(t.createdAt, t.id),
  ],
);
