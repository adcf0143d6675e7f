import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { courses, plans, prices } from './catalog';
import { amount, createdAt, currency, isCurrency, oneOf, syncedVersion, tz, updatedAt } from './columns';
import {
  checkoutModes,
  checkoutPaymentStatuses,
  checkoutStatuses,
  type PaymentStatus,
  paymentStatuses,
} from './enums';

// Tables that mirror Stripe objects are unique on the Stripe id: the webhook pipeline upserts
// on it, so a duplicate or replayed event converges on the same row instead of adding one.
// `last_event_at` holds the `created` of the newest event applied, to ignore late, older ones.

export const customers = pgTable('customers', {
  id: uuid('id').primaryKey().defaultRandom(),
  // Unique both ways: one Stripe customer per user, and every customer event maps to one user.
  userId: text('user_id')
    .notNull()
    .unique()
    .references(() => users.id, { onDelete: 'restrict' }),
  stripeCustomerId: text('stripe_customer_id').notNull().unique(),
  email: text('email'),
  defaultPaymentMethodId: text('default_payment_method_id'),
  // Stripe's customer balance in minor units of `balanceCurrency`: negative is credit that pays
  // the next invoices (e.g. after a downgrade), positive is an amount owed.
  balance: integer('balance').notNull().default(0),
  balanceCurrency: text('balance_currency'),
  deletedAt: tz('deleted_at'),
  syncedVersion: syncedVersion(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [check('customers_email_lower_check', sql`${t.email} = lower(${t.email})`)]);

export const checkoutSessions = pgTable(
  'checkout_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stripeCheckoutSessionId: text('stripe_checkout_session_id').notNull().unique(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    priceId: uuid('price_id')
      .notNull()
      .references(() => prices.id, { onDelete: 'restrict' }),
    courseId: uuid('course_id').references(() => courses.id, { onDelete: 'restrict' }),
    planId: uuid('plan_id').references(() => plans.id, { onDelete: 'restrict' }),
    mode: text('mode').$type<(typeof checkoutModes)[number]>().notNull(),
    status: text('status').$type<(typeof checkoutStatuses)[number]>().notNull().default('open'),
    paymentStatus: text('payment_status')
      .$type<(typeof checkoutPaymentStatuses)[number]>()
      .notNull()
      .default('unpaid'),
    // What we asked Stripe to charge, fixed server-side from `prices` at creation.
    amountTotal: amount('amount_total').notNull(),
    currency: currency().notNull(),
    stripePaymentIntentId: text('stripe_payment_intent_id'),
    stripeSubscriptionId: text('stripe_subscription_id'),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    // What a coupon or promotion code took off this Checkout, as the completed session says
    // (both modes: a subscription's first invoice has no payment row of its own here). One
    // paid session with a code is one redemption of it, as Stripe counts them.
    amountDiscount: amount('amount_discount').notNull().default(0),
    stripeCouponId: text('stripe_coupon_id'),
    stripePromotionCodeId: text('stripe_promotion_code_id'),
    discountCode: text('discount_code'),
    url: text('url'),
    expiresAt: tz('expires_at'),
    fulfilledAt: tz('fulfilled_at'),
    syncedVersion: syncedVersion(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('checkout_sessions_mode_check', oneOf(t.mode, checkoutModes)),
    check('checkout_sessions_status_check', oneOf(t.status, checkoutStatuses)),
    check('checkout_sessions_payment_status_check', oneOf(t.paymentStatus, checkoutPaymentStatuses)),
    check('checkout_sessions_currency_check', isCurrency(t.currency)),
    check('checkout_sessions_amount_check', sql`${t.amountTotal} >= 0`),
    check('checkout_sessions_owner_check', sql`num_nonnulls(${t.courseId}, ${t.planId}) = 1`),
    check('checkout_sessions_mode_owner_check', sql`(${t.mode} = 'subscription') = (${t.planId} is not null)`),
    check('checkout_sessions_discount_check', sql`${t.amountDiscount} >= 0`),
    // Redemptions per promotion code (the coupons list and a coupon's page).
    index('checkout_sessions_promotion_code_idx').on(t.stripePromotionCodeId).where(sql`${t.stripePromotionCodeId} is not null`),
    // "Other open sessions for the same thing" (expired before a new Checkout starts).
    index('checkout_sessions_user_open_idx').on(t.userId, t.status),
    index('checkout_sessions_user_idx').on(t.userId, t.createdAt, t.id),
    index('checkout_sessions_payment_intent_idx').on(t.stripePaymentIntentId),
    // The janitor's scan: sessions still open past their expiry.
    index('checkout_sessions_open_expiry_idx').on(t.expiresAt).where(sql`${t.status} = 'open'`),
  ],
);

export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stripePaymentIntentId: text('stripe_payment_intent_id').notNull().unique(),
    stripeChargeId: text('stripe_charge_id').unique(),
    userId: text('user_id').references(() => users.id, { onDelete: 'restrict' }),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'restrict' }),
    checkoutSessionId: uuid('checkout_session_id').references(() => checkoutSessions.id),
    courseId: uuid('course_id').references(() => courses.id, { onDelete: 'restrict' }),
    // Renewal payments belong to an invoice; kept as the Stripe id to avoid a cycle with invoices.
    stripeInvoiceId: text('stripe_invoice_id'),
    amount: amount('amount').notNull(),
    amountRefunded: amount('amount_refunded').notNull().default(0),
    currency: currency().notNull(),
    status: text('status').$type<PaymentStatus>().notNull().default('pending'),
    failureCode: text('failure_code'),
    failureMessage: text('failure_message'),
    paymentMethodType: text('payment_method_type'),
    cardBrand: text('card_brand'),
    cardLast4: text('card_last4'),
    // Known only once the balance transaction exists.
    fee: amount('fee'),
    net: amount('net'),
    receiptUrl: text('receipt_url'),
    description: text('description'),
    // What a coupon took off at Checkout (amount = what was charged, after the discount).
    amountDiscount: amount('amount_discount').notNull().default(0),
    stripeCouponId: text('stripe_coupon_id'),
    stripePromotionCodeId: text('stripe_promotion_code_id'),
    // The code as the learner typed it, for receipts (the promotion code's own spelling).
    discountCode: text('discount_code'),
    lastEventAt: tz('last_event_at'),
    succeededAt: tz('succeeded_at'),
    syncedVersion: syncedVersion(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('payments_status_check', oneOf(t.status, paymentStatuses)),
    check('payments_currency_check', isCurrency(t.currency)),
    check('payments_amount_check', sql`${t.amount} >= 0`),
    check('payments_refunded_check', sql`${t.amountRefunded} between 0 and ${t.amount}`),
    check('payments_fee_check', sql`${t.fee} is null or ${t.fee} >= 0`),
    check('payments_discount_check', sql`${t.amountDiscount} >= 0`),
    index('payments_promotion_code_idx').on(t.stripePromotionCodeId).where(sql`${t.stripePromotionCodeId} is not null`),
    // The target of enrollments' (payment_id, user_id) foreign key: a purchase enrollment
    // always points at a payment of its own learner.
    unique('payments_id_user_uq').on(t.id, t.userId),
    check('payments_card_last4_check', sql`${t.cardLast4} is null or ${t.cardLast4} ~ '^[0-9]{4}$'`),
    // Keyset pagination for the admin list (newest first) and a learner's purchases.
    index('payments_created_idx').on(t.createdAt, t.id),
    index('payments_user_created_idx').on(t.userId, t.createdAt, t.id),
    index('payments_status_created_idx').on(t.status, t.createdAt, t.id),
    index('payments_invoice_idx').on(t.stripeInvoiceId),
    index('payments_course_idx').on(t.courseId),
    // The admin overview: captured money by the time it succeeded, per currency, read from the
    // index alone; and "first payment ever" per learner for new customers.
    index('payments_succeeded_idx').on(t.succeededAt, t.currency, t.amount, t.status).where(sql`${t.succeededAt} is not null`),
    index('payments_user_succeeded_idx').on(t.userId, t.succeededAt).where(sql`${t.succeededAt} is not null`),
    // Payments by outcome over a range, from the index alone.
    index('payments_created_outcome_idx').on(t.createdAt, t.currency, t.status, t.amount),
  ],
);
