import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { customers } from './billing';
import { plans, prices } from './catalog';
import { amount, createdAt, currency, isCurrency, oneOf, syncedVersion, tz, updatedAt } from './columns';
import {
  type InvoiceStatus,
  invoiceStatuses,
  liveSubscriptionStatuses,
  type SubscriptionStatus,
  subscriptionStatuses,
} from './enums';

// Part of the billing domain, kept in its own file for size: recurring billing mirrors.

export const subscriptions = pgTable(
  'subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stripeSubscriptionId: text('stripe_subscription_id').notNull().unique(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'restrict' }),
    planId: uuid('plan_id').references(() => plans.id, { onDelete: 'restrict' }),
    priceId: uuid('price_id').references(() => prices.id, { onDelete: 'restrict' }),
    stripePriceId: text('stripe_price_id'),
    status: text('status').$type<SubscriptionStatus>().notNull(),
    // With the pinned API version the period lives on the subscription item, not the subscription.
    currentPeriodStart: tz('current_period_start'),
    currentPeriodEnd: tz('current_period_end'),
    cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
    cancelAt: tz('cancel_at'),
    canceledAt: tz('canceled_at'),
    trialEnd: tz('trial_end'),
    endedAt: tz('ended_at'),
    // 0 = healthy; n = n-th failed renewal attempt handled by dunning.
    dunningStage: integer('dunning_stage').notNull().default(0),
    // Set when this subscription started while the learner already had a live one for the
    // plan (two Checkout tabs): it is canceled and refunded automatically, and kept out of
    // the one-live-subscription index below so the mirror can still record it.
    duplicateOfId: uuid('duplicate_of_id'),
    stripeCreatedAt: tz('stripe_created_at'),
    lastEventAt: tz('last_event_at'),
    syncedVersion: syncedVersion(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('subscriptions_status_check', oneOf(t.status, subscriptionStatuses)),
    check('subscriptions_dunning_stage_check', sql`${t.dunningStage} >= 0`),
    check('subscriptions_period_check', sql`${t.currentPeriodEnd} is null or ${t.currentPeriodStart} is null or ${t.currentPeriodEnd} >= ${t.currentPeriodStart}`),
    // One live All-Access subscription per learner and plan, whatever the code does.
    uniqueIndex('subscriptions_one_live_per_plan_uq')
      .on(t.userId, t.planId)
      .where(sql`${oneOf(t.status, liveSubscriptionStatuses)} and ${t.duplicateOfId} is null and ${t.planId} is not null`),
    index('subscriptions_user_idx').on(t.userId),
    index('subscriptions_status_created_idx').on(t.status, t.createdAt, t.id),
    index('subscriptions_created_idx').on(t.createdAt, t.id),
  ],
);

export const invoices = pgTable(
  'invoices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stripeInvoiceId: text('stripe_invoice_id').notNull().unique(),
    subscriptionId: uuid('subscription_id').references(() => subscriptions.id, {
      onDelete: 'restrict',
    }),
    // Kept even before the subscription row exists: invoice events can arrive first.
    stripeSubscriptionId: text('stripe_subscription_id'),
    userId: text('user_id').references(() => users.id, { onDelete: 'restrict' }),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'restrict' }),
    number: text('number'),
    currency: currency().notNull(),
    subtotal: amount('subtotal').notNull(),
    total: amount('total').notNull(),
    amountDue: amount('amount_due').notNull(),
    amountPaid: amount('amount_paid').notNull().default(0),
    amountRemaining: amount('amount_remaining').notNull().default(0),
    // The customer's balance before and after this invoice (negative = credit): the credit the
    // invoice used is starting - ending, shown on the receipt.
    startingBalance: amount('starting_balance').notNull().default(0),
    endingBalance: amount('ending_balance'),
    status: text('status').$type<InvoiceStatus>().notNull(),
    billingReason: text('billing_reason'),
    attemptCount: integer('attempt_count').notNull().default(0),
    nextPaymentAttempt: tz('next_payment_attempt'),
    hostedInvoiceUrl: text('hosted_invoice_url'),
    invoicePdf: text('invoice_pdf'),
    stripePaymentIntentId: text('stripe_payment_intent_id'),
    periodStart: tz('period_start'),
    periodEnd: tz('period_end'),
    paidAt: tz('paid_at'),
    lastEventAt: tz('last_event_at'),
    syncedVersion: syncedVersion(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('invoices_status_check', oneOf(t.status, invoiceStatuses)),
    check('invoices_currency_check', isCurrency(t.currency)),
    // subtotal and total may be negative (a downgrade's credit proration); what is owed,
    // paid and left never is.
    check('invoices_amounts_check', sql`${t.amountDue} >= 0 and ${t.amountPaid} >= 0 and ${t.amountRemaining} >= 0`),
    check('invoices_attempt_count_check', sql`${t.attemptCount} >= 0`),
    index('invoices_user_created_idx').on(t.userId, t.createdAt, t.id),
    index('invoices_subscription_idx').on(t.stripeSubscriptionId),
    index('invoices_created_idx').on(t.createdAt, t.id),
    // "Failed payments in dunning" on the admin overview: open invoices Stripe is retrying.
    index('invoices_dunning_idx').on(t.nextPaymentAttempt).where(sql`${t.status} = 'open' and ${t.attemptCount} >= 1`),
    // The overview's failed-payment recovery: only invoices whose payment ever failed (a few
    // percent), by creation; the predicate is the query's own (db/queries/admin-metrics.ts).
    index('invoices_failed_once_idx')
      .on(t.createdAt, t.currency, t.status, t.amountPaid)
      .where(sql`${t.total} > 0 and ((${t.status} = 'paid' and ${t.attemptCount} >= 2) or (${t.status} in ('open', 'uncollectible', 'void') and ${t.attemptCount} >= 1))`),
  ],
);

export const paymentMethods = pgTable(
  'payment_methods',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stripePaymentMethodId: text('stripe_payment_method_id').notNull().unique(),
    userId: text('user_id').references(() => users.id, { onDelete: 'restrict' }),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'restrict' }),
    type: text('type').notNull(),
    // Display data only; a card number never reaches us (hosted Checkout, PCI SAQ A).
    brand: text('brand'),
    last4: text('last4'),
    expMonth: integer('exp_month'),
    expYear: integer('exp_year'),
    isDefault: boolean('is_default').notNull().default(false),
    detachedAt: tz('detached_at'),
    syncedVersion: syncedVersion(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('payment_methods_last4_check', sql`${t.last4} is null or ${t.last4} ~ '^[0-9]{4}$'`),
    check('payment_methods_exp_month_check', sql`${t.expMonth} is null or ${t.expMonth} between 1 and 12`),
    // At most one default per customer: clear the old default before setting the new one.
    uniqueIndex('payment_methods_one_default_uq')
      .on(t.customerId)
      .where(sql`${t.isDefault} and ${t.detachedAt} is null`),
    index('payment_methods_user_idx').on(t.userId),
  ],
);
