import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { amount, createdAt, currency, isCurrency, oneOf, tz } from './columns';
import { couponDurations, type CouponDuration } from './enums';

/**
 * Coupons an admin created in Stripe (Stripe owns them; this is our record of what was asked,
 * by whom, and what it is limited to). The row's id is the form's attempt id, which is also the
 * Stripe idempotency key (`coupon:<id>`), so a resubmitted form never makes a second coupon.
 */
export const coupons = pgTable(
  'coupons',
  {
    id: uuid('id').primaryKey(),
    stripeCouponId: text('stripe_coupon_id').notNull().unique(),
    name: text('name').notNull(),
    // Whole percent (1–100) or an amount in minor units of `currency`: exactly one.
    percentOff: integer('percent_off'),
    amountOff: amount('amount_off'),
    currency: currency('currency'),
    duration: text('duration').$type<CouponDuration>().notNull(),
    durationInMonths: integer('duration_in_months'),
    maxRedemptions: integer('max_redemptions'),
    redeemBy: tz('redeem_by'),
    // Empty arrays: the coupon applies to everything. Stripe holds the product ids.
    courseIds: uuid('course_ids').array().notNull().default(sql`'{}'::uuid[]`),
    planIds: uuid('plan_ids').array().notNull().default(sql`'{}'::uuid[]`),
    stripeProductIds: text('stripe_product_ids').array().notNull().default(sql`'{}'::text[]`),
    createdBy: text('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    check('coupons_duration_check', oneOf(t.duration, couponDurations)),
    check('coupons_one_discount_check', sql`(${t.percentOff} is null) <> (${t.amountOff} is null)`),
    check('coupons_percent_check', sql`${t.percentOff} is null or ${t.percentOff} between 1 and 100`),
    check('coupons_amount_check', sql`${t.amountOff} is null or (${t.amountOff} > 0 and ${t.currency} is not null)`),
    check('coupons_currency_check', sql`${t.currency} is null or ${isCurrency(t.currency)}`),
    check('coupons_months_check', sql`(${t.duration} = 'repeating') = (${t.durationInMonths} is not null)`),
    check('coupons_max_check', sql`${t.maxRedemptions} is null or ${t.maxRedemptions} > 0`),
    index('coupons_created_idx').on(t.createdAt, t.id),
  ],
);

/**
 * Codes learners type at Checkout, each for one coupon. Deactivating is the only change Stripe
 * allows; a code is unique among active codes, case-insensitively, as at Stripe.
 */
export const promotionCodes = pgTable(
  'promotion_codes',
  {
    id: uuid('id').primaryKey(),
    couponId: uuid('coupon_id')
      .notNull()
      .references(() => coupons.id, { onDelete: 'restrict' }),
    stripePromotionCodeId: text('stripe_promotion_code_id').notNull().unique(),
    code: text('code').notNull(),
    active: boolean('active').notNull().default(true),
    maxRedemptions: integer('max_redemptions'),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    firstTimeOnly: boolean('first_time_only').notNull().default(false),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    deactivatedAt: tz('deactivated_at'),
    deactivatedBy: text('deactivated_by'),
  },
  (t) => [
    check('promotion_codes_code_check', sql`${t.code} ~ '^[A-Za-z0-9_-]{3,40}$'`),
    check('promotion_codes_max_check', sql`${t.maxRedemptions} is null or ${t.maxRedemptions} > 0`),
    check('promotion_codes_deactivated_check', sql`${t.active} = (${t.deactivatedAt} is null)`),
    uniqueIndex('promotion_codes_active_code_uq').on(sql`lower(${t.code})`).where(sql`${t.active}`),
    index('promotion_codes_coupon_idx').on(t.couponId),
  ],
);
