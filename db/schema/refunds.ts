import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { payments } from './billing';
import { amount, createdAt, currency, isCurrency, oneOf, syncedVersion, tz, updatedAt } from './columns';
import { type CreditNoteStatus, creditNoteStatuses, type CreditNoteType, creditNoteTypes, type DisputeStatus, disputeStatuses, type RefundStatus, refundStatuses } from './enums';

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

/**
 * Credit notes: Stripe's record that (part of) a finalized invoice was given back. A refund of a
 * subscription payment is issued as one (`refund_amount`), so the invoice itself shows the credit;
 * the refund it makes arrives as a `refunds` row like any other. Kept by the Stripe invoice id
 * (as payments are) so a credit note synced before its invoice still lands.
 */
export const creditNotes = pgTable(
  'credit_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stripeCreditNoteId: text('stripe_credit_note_id').notNull().unique(),
    stripeInvoiceId: text('stripe_invoice_id').notNull(),
    userId: text('user_id').references(() => users.id, { onDelete: 'restrict' }),
    number: text('number'),
    type: text('type').$type<CreditNoteType>().notNull(),
    status: text('status').$type<CreditNoteStatus>().notNull(),
    // The whole credit, and how it went back: refunded to the payment method, credited to the
    // customer's balance, or settled outside Stripe (a pre-payment note has none of them).
    amount: amount('amount').notNull(),
    refundAmount: amount('refund_amount').notNull().default(0),
    creditAmount: amount('credit_amount').notNull().default(0),
    outOfBandAmount: amount('out_of_band_amount').notNull().default(0),
    currency: currency().notNull(),
    // The refund the credit note made (the first, when Stripe links several).
    stripeRefundId: text('stripe_refund_id'),
    reason: text('reason'),
    memo: text('memo'),
    pdfUrl: text('pdf_url'),
    issuedAt: tz('issued_at').notNull(),
    voidedAt: tz('voided_at'),
    // Who asked, when it came from the dashboard; the request's idempotency key.
    requestedByUserId: text('requested_by_user_id').references(() => users.id),
    idempotencyKey: text('idempotency_key').unique(),
    lastEventAt: tz('last_event_at'),
    syncedVersion: syncedVersion(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('credit_notes_status_check', oneOf(t.status, creditNoteStatuses)),
    check('credit_notes_type_check', oneOf(t.type, creditNoteTypes)),
    check('credit_notes_currency_check', isCurrency(t.currency)),
    check('credit_notes_amount_check', sql`${t.amount} > 0`),
    check(
      'credit_notes_split_check',
      sql`${t.refundAmount} >= 0 and ${t.creditAmount} >= 0 and ${t.outOfBandAmount} >= 0 and ${t.refundAmount} + ${t.creditAmount} + ${t.outOfBandAmount} <= ${t.amount}`,
    ),
    index('credit_notes_invoice_idx').on(t.stripeInvoiceId, t.issuedAt),
  ],
);
