import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { amount, createdAt, currency, isCurrency, oneOf, updatedAt } from './columns';
import {
  type CourseLevel,
  type CourseStatus,
  courseLevels,
  courseStatuses,
  type PriceInterval,
  type PriceType,
  priceIntervals,
  priceTypes,
} from './enums';

export const courses = pgTable(
  'courses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull().unique(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    description: text('description').notNull(),
    level: text('level').$type<CourseLevel>().notNull(),
    // Free text rather than a categories table: the catalog has a handful, edited with courses.
    category: text('category').notNull(),
    imageUrl: text('image_url'),
    // Shown on catalog cards and the course page when set (the storefront renders it).
    instructorName: text('instructor_name'),
    status: text('status').$type<CourseStatus>().notNull().default('draft'),
    stripeProductId: text('stripe_product_id').unique(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('courses_level_check', oneOf(t.level, courseLevels)),
    check('courses_status_check', oneOf(t.status, courseStatuses)),
    check('courses_slug_check', sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    index('courses_status_title_idx').on(t.status, t.title),
    index('courses_category_idx').on(t.category),
  ],
);

export const lessons = pgTable(
  'lessons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    isPreview: boolean('is_preview').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Not deferrable on purpose: reordering goes through a temporary offset in one transaction.
    unique('lessons_course_position_uq').on(t.courseId, t.position),
    check('lessons_position_check', sql`${t.position} >= 1`),
    check('lessons_duration_check', sql`${t.durationMinutes} >= 0`),
  ],
);

export const plans = pgTable('plans', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  description: text('description').notNull(),
  stripeProductId: text('stripe_product_id').unique(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

// Prices are never edited in place (Stripe prices are immutable): archive (active = false)
// and insert a new row. A lookup key moves to the new price, as Stripe's
// `transfer_lookup_key` does, so the old row's lookup_key is cleared when archived.
export const prices = pgTable(
  'prices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    courseId: uuid('course_id').references(() => courses.id, { onDelete: 'restrict' }),
    planId: uuid('plan_id').references(() => plans.id, { onDelete: 'restrict' }),
    type: text('type').$type<PriceType>().notNull(),
    interval: text('interval').$type<PriceInterval>(),
    currency: currency().notNull(),
    unitAmount: amount('unit_amount').notNull(),
    active: boolean('active').notNull().default(true),
    stripePriceId: text('stripe_price_id').unique(),
    lookupKey: text('lookup_key').unique(),
    createdAt: createdAt(),
  },
  (t) => [
    check('prices_owner_check', sql`num_nonnulls(${t.courseId}, ${t.planId}) = 1`),
    check('prices_type_check', oneOf(t.type, priceTypes)),
    check('prices_interval_check', sql`${t.interval} is null or ${oneOf(t.interval, priceIntervals)}`),
    check(
      'prices_type_interval_check',
      sql`(${t.type} = 'one_time' and ${t.interval} is null) or (${t.type} = 'recurring' and ${t.interval} is not null)`,
    ),
    check('prices_currency_check', isCurrency(t.currency)),
    check('prices_unit_amount_check', sql`${t.unitAmount} >= 0`),
    // One active price per owner, currency and cadence, so "the price" is never ambiguous.
    uniqueIndex('prices_course_active_uq')
      .on(t.courseId, t.currency, sql`coalesce(${t.interval}, 'once')`)
      .where(sql`${t.active} and ${t.courseId} is not null`),
    uniqueIndex('prices_plan_active_uq')
      .on(t.planId, t.currency, sql`coalesce(${t.interval}, 'once')`)
      .where(sql`${t.active} and ${t.planId} is not null`),
    index('prices_course_id_idx').on(t.courseId),
    index('prices_plan_id_idx').on(t.planId),
  ],
);
