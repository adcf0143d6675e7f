import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { rowsOf } from '../rows';
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

/**
 * Fulfillment's lock: our session row for a Stripe session, locked for the rest of the
 * transaction, with its buyer and item read in the same statement (the receipt needs them;
 * the joined rows are not locked).
 */
export async function lockCheckoutSessionWithBuyer(db: Database, stripeCheckoutSessionId: string): Promise<(CheckoutSessionRow & { buyer: CheckoutBuyer }) | null> {
  const [row] = await db
    .select({
      session: checkoutSessions,
      buyer: { email: users.email, name: users.name, courseTitle: courses.title, courseSlug: courses.slug, planName: plans.name },
    })
    .from(checkoutSessions)
    .leftJoin(users, eq(users.id, checkoutSessions.userId))
    .leftJoin(courses, eq(courses.id, checkoutSessions.courseId))
    .leftJoin(plans, eq(plans.id, checkoutSessions.planId))
    .where(eq(checkoutSessions.stripeCheckoutSessionId, stripeCheckoutSessionId))
    .for('update', { of: checkoutSessions });
  return row ? { ...row.session, buyer: row.buyer } : null;
}

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
 * What a Stripe read said about a session (null: the read is stale, nothing moves a stale
 * read over a newer one), whether fulfillment is done with it and its discount — one statement.
 */
export async function writeCheckoutSessionMirror(
  db: Database,
  id: string,
  values: {
    status?: (typeof checkoutStatuses)[number];
    paymentStatus?: (typeof checkoutPaymentStatuses)[number];
    stripePaymentIntentId?: string | null;
    stripeSubscriptionId?: string | null;
  } | null,
  version: number,
  options: {
    fulfilled?: boolean;
    /** What a coupon took off the completed session (a fact of it: the same on every read, stale or not). */
    discount?: { amountDiscount: number; stripeCouponId: string | null; stripePromotionCodeId: string | null; discountCode: string | null };
  } = {},
): Promise<void> {
  const always = {
    ...(options.fulfilled ? { fulfilledAt: sql`coalesce(${checkoutSessions.fulfilledAt}, now())` } : {}),
    ...(options.discount ?? {}),
  };
  if (!values) {
    if (Object.keys(always).length > 0) await db.update(checkoutSessions).set(always).where(eq(checkoutSessions.id, id));
    return;
  }
  await db
    .update(checkoutSessions)
    .set({ ...values, ...always, syncedVersion: sql`greatest(${checkoutSessions.syncedVersion}, ${version})`, updatedAt: sql`now()` })
    .where(eq(checkoutSessions.id, id));
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
