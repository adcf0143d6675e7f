import { and, eq, getTableColumns, inArray, ne, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { rowsOf } from '../rows';
import { advisoryLockSql, purchaseLockNameSql } from './locks';
import { checkoutSessions, courses, payments, plans, prices, users } from '../schema';
import type { checkoutPaymentStatuses, checkoutStatuses } from '../schema/enums';

export type CheckoutSessionRow = typeof checkoutSessions.$inferSelect;

export async function findCheckoutSessionByStripeId(db: Database, stripeCheckoutSessionId: string): Promise<CheckoutSessionRow | null> {
  const [row] = await db.select().from(checkoutSessions).where(eq(checkoutSessions.stripeCheckoutSessionId, stripeCheckoutSessionId));
  return row ?? null;
}

export async function findCheckoutSessionByPaymentIntent(db: Database, stripePaymentIntentId: string): Promise<CheckoutSessionRow | null> {
  const [row] = await db.select().from(checkoutSessions).where(eq(checkoutSessions.stripePaymentIntentId, stripePaymentIntentId));
  return row ?? null;
}

/** Who bought what through a session: what fulfillment's notices say. */
export type CheckoutBuyer = { email: string | null; name: string | null; courseTitle: string | null; courseSlug: string | null; planName: string | null };

/** The Checkout session a PaymentIntent is linked to: the payment's link, else the session that records the intent. */
export async function findLinkedCheckoutSessionId(db: Database, stripePaymentIntentId: string): Promise<string | null> {
  const [row] = rowsOf<{ id: string | null }>(
    await db.execute(sql`select coalesce(
      (select ${payments.checkoutSessionId} from ${payments} where ${payments.stripePaymentIntentId} = ${stripePaymentIntentId}),
      (select ${checkoutSessions.id} from ${checkoutSessions} where ${checkoutSessions.stripePaymentIntentId} = ${stripePaymentIntentId} limit 1)) as id`),
  );
  return row?.id ?? null;
}

/** Locks our checkout session row (fulfillment's first row lock) for the rest of the transaction. */
export async function lockCheckoutSession(db: Database, id: string): Promise<void> {
  await db.select({ id: checkoutSessions.id }).from(checkoutSessions).where(eq(checkoutSessions.id, id)).for('update');
}

export type NewCheckoutSession = typeof checkoutSessions.$inferInsert;

export async function insertCheckoutSession(db: Database, values: NewCheckoutSession): Promise<void> {
  await db.insert(checkoutSessions).values(values).onConflictDoNothing();
}

/**
 * Fulfillment's first statement: locks our session row for a Stripe session and writes what a
 * Stripe read said about it, answering the row as written with its buyer and item (the
 * receipt needs them; those rows are not locked). One UPDATE … RETURNING instead of a
 * SELECT … FOR UPDATE and an UPDATE: the rules that needed the locked row are SQL here.
 *
 * - The read's state (status, payment status, the intent and subscription ids; each unset
 *   value keeps the row's) is written unless the row holds a newer read (`synced_version` above
 *   `version`): nothing moves a stale read over a newer one.
 * - Fulfilled (`fulfilled_at` stamped once) when the read `fulfills` and the row is fulfillable:
 *   a subscription session with its subscription read, a course session with its course.
 * - The discount of a completed session (a fact of it: the same on every read, stale or not).
 */
export async function lockAndMirrorCheckoutSession(
  db: Database,
  stripeCheckoutSessionId: string,
  read: {
    status?: (typeof checkoutStatuses)[number];
    paymentStatus?: (typeof checkoutPaymentStatuses)[number];
    stripePaymentIntentId?: string | null;
    stripeSubscriptionId?: string | null;
  },
  version: number,
  options: {
    /** The read says paid and not expired; whether the row is fulfillable is decided by its own mode and course. */
    fulfills: boolean;
    /** The read carried the session's subscription. */
    subscriptionRead: boolean;
    discount?: { amountDiscount: number; stripeCouponId: string | null; stripePromotionCodeId: string | null; discountCode: string | null };
    /**
     * Once the row is locked, take the purchase lock (lib/billing/locks.ts `lockPurchase`) when it
     * is a course purchase the read fulfills: the lock fulfillment takes next, for a round trip
     * less. `purchaseLocked` says if it was taken.
     */
    lockPurchase?: boolean;
  },
): Promise<(CheckoutSessionRow & { buyer: CheckoutBuyer; purchaseLocked: boolean }) | null> {
  const c = checkoutSessions;
  const fresh = sql`${c.syncedVersion} <= ${version}`;
  const mirrored = <T extends (typeof c)[keyof typeof c.$inferSelect]>(column: T, value: string | null | undefined) =>
    value == null ? sql`${column}` : sql`case when ${fresh} then ${value} else ${column} end`;
  const fulfillable = sql`(case when ${c.mode} = 'subscription' then ${sql.raw(options.subscriptionRead ? 'true' : 'false')} else ${c.courseId} is not null end)`;
  const fulfilledNow = options.fulfills ? sql`case when ${fulfillable} then coalesce(${c.fulfilledAt}, now()) else ${c.fulfilledAt} end` : sql`${c.fulfilledAt}`;
  // Touched when the read is applied, or when a stale read still fulfills or records the discount.
  const touched = options.discount ? sql`now()` : sql`case when ${fresh}${options.fulfills ? sql` or ${fulfillable}` : sql``} then now() else ${c.updatedAt} end`;
  const [row] = await db
    .update(c)
    .set({
      status: mirrored(c.status, read.status),
      paymentStatus: mirrored(c.paymentStatus, read.paymentStatus),
      stripePaymentIntentId: mirrored(c.stripePaymentIntentId, read.stripePaymentIntentId),
      stripeSubscriptionId: mirrored(c.stripeSubscriptionId, read.stripeSubscriptionId),
      syncedVersion: sql`greatest(${c.syncedVersion}, ${version})`,
      fulfilledAt: fulfilledNow,
      ...(options.discount ?? {}),
      updatedAt: touched,
    })
    .where(eq(c.stripeCheckoutSessionId, stripeCheckoutSessionId))
    .returning({
      ...getTableColumns(c),
      buyerEmail: sql<string | null>`(select ${users.email} from ${users} where ${users.id} = ${c.userId})`,
      buyerName: sql<string | null>`(select ${users.name} from ${users} where ${users.id} = ${c.userId})`,
      buyerCourseTitle: sql<string | null>`(select ${courses.title} from ${courses} where ${courses.id} = ${c.courseId})`,
      buyerCourseSlug: sql<string | null>`(select ${courses.slug} from ${courses} where ${courses.id} = ${c.courseId})`,
      buyerPlanName: sql<string | null>`(select ${plans.name} from ${plans} where ${plans.id} = ${c.planId})`,
      // RETURNING runs on the locked, updated row: the lock order is this row, then the purchase.
      purchaseLocked:
        options.fulfills && options.lockPurchase
          ? sql<boolean>`case when ${c.mode} <> 'subscription' and ${c.courseId} is not null
              then (select true from ${advisoryLockSql(purchaseLockNameSql({ userId: c.userId, courseId: c.courseId }))}) else false end`
          : sql<boolean>`false`,
    });
  if (!row) return null;
  const { buyerEmail, buyerName, buyerCourseTitle, buyerCourseSlug, buyerPlanName, purchaseLocked, ...session } = row;
  const buyer: CheckoutBuyer = { email: buyerEmail, name: buyerName, courseTitle: buyerCourseTitle, courseSlug: buyerCourseSlug, planName: buyerPlanName };
  return { ...session, buyer, purchaseLocked: purchaseLocked === true };
}

/**
 * The learner's other sessions still open for the same thing: the same course, or the same
 * plan at any interval (two tabs, an old tab). A new Checkout expires them first.
 */
export async function findOtherOpenCheckoutSessions(
  db: Database,
  params: { userId: string; courseId: string | null; planId: string | null; exceptIdempotencyKey: string },
): Promise<CheckoutSessionRow[]> {
  return db
    .select()
    .from(checkoutSessions)
    .where(and(openForSameThing(params), ne(checkoutSessions.idempotencyKey, params.exceptIdempotencyKey)));
}

/** The learner's sessions still open for one course, or for one plan at any interval. */
function openForSameThing(params: { userId: string; courseId: string | null; planId: string | null }) {
  const owner = params.courseId ? eq(checkoutSessions.courseId, params.courseId) : params.planId ? eq(checkoutSessions.planId, params.planId) : sql`false`;
  return and(eq(checkoutSessions.userId, params.userId), eq(checkoutSessions.status, 'open'), owner);
}

/**
 * The learner's sessions still open for the same thing that were recorded before this one
 * (by creation time, then id, so two recorded at once still have an order). Run after a new
 * session is recorded: two Checkouts started at once both miss each other before creating
 * theirs, and this second look lets the newer one close the older, so exactly one stays open.
 */
export async function findOlderOpenCheckoutSessions(
  db: Database,
  params: { userId: string; courseId: string | null; planId: string | null; stripeCheckoutSessionId: string },
): Promise<CheckoutSessionRow[]> {
  return db
    .select()
    .from(checkoutSessions)
    .where(
      and(
        openForSameThing(params),
        sql`(${checkoutSessions.createdAt}, ${checkoutSessions.id}) < (select mine.created_at, mine.id from checkout_sessions mine where mine.stripe_checkout_session_id = ${params.stripeCheckoutSessionId})`,
      ),
    );
}

export async function markCheckoutSessionsExpired(db: Database, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(checkoutSessions)
    .set({ status: 'expired', updatedAt: sql`now()` })
    .where(and(inArray(checkoutSessions.id, ids), eq(checkoutSessions.status, 'open')));
}

/** Buyer, item and price of a session, for the notices fulfillment sends. */
export async function findCheckoutBuyerAndItem(db: Database, id: string) {
  const [row] = await db
    .select({
      email: users.email,
      name: users.name,
      courseTitle: courses.title,
      courseSlug: courses.slug,
      planName: plans.name,
      interval: prices.interval,
    })
    .from(checkoutSessions)
    .innerJoin(users, eq(users.id, checkoutSessions.userId))
    .innerJoin(prices, eq(prices.id, checkoutSessions.priceId))
    .leftJoin(courses, eq(courses.id, checkoutSessions.courseId))
    .leftJoin(plans, eq(plans.id, checkoutSessions.planId))
    .where(eq(checkoutSessions.id, id));
  if (!row) throw new Error(`checkout session ${id} lost its buyer`);
  return row;
}

/**
 * A session only if this learner started it, with what it sells (the success page): null
 * for another learner's session and for one we never created alike.
 */
export async function findCheckoutSessionOfUser(db: Database, params: { stripeCheckoutSessionId: string; userId: string }) {
  const [row] = await db
    .select({ courseSlug: courses.slug, courseTitle: courses.title, mode: checkoutSessions.mode })
    .from(checkoutSessions)
    .leftJoin(courses, eq(courses.id, checkoutSessions.courseId))
    .where(and(eq(checkoutSessions.stripeCheckoutSessionId, params.stripeCheckoutSessionId), eq(checkoutSessions.userId, params.userId)))
    .limit(1);
  return row ?? null;
}
