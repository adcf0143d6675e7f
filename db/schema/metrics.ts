import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
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
