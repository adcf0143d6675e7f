import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { createdAt, currency, isCurrency, oneOf, tz } from './columns';
import { subscriptions } from './subscriptions';

// Rollups for the admin overview, maintained by the webhook path (the subscription sync).

export const mrrMovementKinds = ['new', 'expansion', 'contraction', 'churn', 'reactivation'] as const;
export type MrrMovementKind = (typeof mrrMovementKinds)[number];

/**
 * Every change of a subscription's contribution to MRR, written in the transaction that
 * applies the subscription read that caused it (the subscription row is locked then, so two
 * workers cannot both record one change). MRR at any instant is `sum(delta)` of the rows
 * effective before it; a period's movements are the rows effective inside it, classified at
 * the customer level as ChartMogul does (see docs/metrics.md).
 */
export const mrrMovements = pgTable(
  'mrr_movements',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => subscriptions.id, { onDelete: 'restrict' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    currency: currency().notNull(),
    /** The subscription's MRR before and after, in minor units per month. */
    mrrBefore: integer('mrr_before').notNull(),
    mrrAfter: integer('mrr_after').notNull(),
    delta: integer('delta').notNull(),
    kind: text('kind').$type<MrrMovementKind>().notNull(),
    effectiveAt: tz('effective_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check('mrr_movements_kind_check', oneOf(t.kind, mrrMovementKinds)),
    check('mrr_movements_currency_check', isCurrency(t.currency)),
    check('mrr_movements_amounts_check', sql`${t.mrrBefore} >= 0 and ${t.mrrAfter} >= 0 and ${t.delta} = ${t.mrrAfter} - ${t.mrrBefore} and ${t.delta} <> 0`),
    index('mrr_movements_currency_effective_idx').on(t.currency, t.effectiveAt),
    index('mrr_movements_subscription_idx').on(t.subscriptionId, t.id),
    index('mrr_movements_user_currency_idx').on(t.userId, t.currency),
  ],
);

/**
 * Each learner's first captured payment, kept by the payment sync (the webhook path) so "new
 * customers in a range" is an index range scan instead of a search over every payment.
 */
export const customerFirstPayments = pgTable(
  'customer_first_payments',
  {
    userId: text('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    paymentId: uuid('payment_id').notNull(),
    currency: currency().notNull(),
    firstPaidAt: tz('first_paid_at').notNull(),
  },
  (t) => [index('customer_first_payments_paid_idx').on(t.firstPaidAt, t.currency)],
);

/**
 * The ledger's money per UTC day and currency, for the overview's revenue numbers and chart.
 * Kept by row triggers on `payments`, `refunds` and `disputes` (migration
 * 0015_revenue_rollups, fired at commit since 0020_rollup_triggers_at_commit so concurrent
 * writers do not queue on a day's row): every insert, update or delete takes its row's old
 * contribution away and adds its new one, in the same transaction as the write. A row's contribution
 * depends only on its current state, so the rollup equals the ledger whatever order
 * webhooks arrive in, and a late refund or dispute lands on its own day. `rebuild_revenue_rollups()`
 * recomputes both tables from the ledger (bulk loads that skip triggers).
 *
 * - gross: captured payments (succeeded … charged_back) by the day of `succeeded_at`
 * - refunds: refunds not failed or canceled, by the day they were created
 * - disputes lost: by the day they closed; disputes opened: by the day they were created
 */
export const revenueDaily = pgTable(
  'revenue_daily',
  {
    day: date('day', { mode: 'string' }).notNull(),
    currency: currency().notNull(),
    grossAmount: bigint('gross_amount', { mode: 'number' }).notNull().default(0),
    grossCount: integer('gross_count').notNull().default(0),
    refundAmount: bigint('refund_amount', { mode: 'number' }).notNull().default(0),
    refundCount: integer('refund_count').notNull().default(0),
    disputesLostAmount: bigint('disputes_lost_amount', { mode: 'number' }).notNull().default(0),
    disputesLostCount: integer('disputes_lost_count').notNull().default(0),
    disputesOpenedAmount: bigint('disputes_opened_amount', { mode: 'number' }).notNull().default(0),
    disputesOpenedCount: integer('disputes_opened_count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.currency] })],
);

/** Payments per UTC day of creation, currency and current status (the overview's "payments by outcome"), kept by the same triggers. */
export const paymentOutcomesDaily = pgTable(
  'payment_outcomes_daily',
  {
    day: date('day', { mode: 'string' }).notNull(),
    currency: currency().notNull(),
    status: text('status').notNull(),
    count: integer('count').notNull().default(0),
    amount: bigint('amount', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.currency, t.status] })],
);

/**
 * MRR per UTC day and currency: the sum of the day's `mrr_movements` deltas and the change in
 * paying customers (+1 for a new or reactivated customer, −1 for a churned one: movement kinds
 * are decided per customer, so these are exactly the crossings of zero). Kept by a trigger on
 * `mrr_movements` (migration 0015_revenue_rollups); MRR at a UTC midnight is the sum of the
 * days before it, so the overview reads one row per day instead of every movement.
 */
export const mrrDaily = pgTable(
  'mrr_daily',
  {
    day: date('day', { mode: 'string' }).notNull(),
    currency: currency().notNull(),
    delta: bigint('delta', { mode: 'number' }).notNull().default(0),
    subscribers: integer('subscribers').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.currency] })],
);
