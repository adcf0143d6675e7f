import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { checkoutSessions, coupons, courses, payments, plans, promotionCodes, subscriptions } from '../schema';

export type CouponRow = typeof coupons.$inferSelect;
export type PromotionCodeRow = typeof promotionCodes.$inferSelect;
export type NewCoupon = typeof coupons.$inferInsert;
export type NewPromotionCode = typeof promotionCodes.$inferInsert;

// A Checkout "redeemed" a code once it was paid (or needed no payment: a 100 %-off first
// invoice), in either mode: a course purchase or an All-Access subscription, once each, as
// Stripe counts redemptions (a subscription's renewals are not new ones). Refunds and
// disputes later do not undo it.
const REDEEMED = sql`${checkoutSessions.paymentStatus} in ('paid', 'no_payment_required')`;

export async function findCouponById(db: Database, id: string): Promise<CouponRow | null> {
  const [row] = await db.select().from(coupons).where(eq(coupons.id, id));
  return row ?? null;
}

/** Inserts a coupon once per attempt id; a second insert of the same attempt returns the first. */
export async function insertCoupon(db: Database, row: NewCoupon): Promise<{ coupon: CouponRow; created: boolean }> {
  const [inserted] = await db.insert(coupons).values(row).onConflictDoNothing().returning();
  if (inserted) return { coupon: inserted, created: true };
  const existing = await findCouponById(db, row.id);
  if (!existing) throw new Error(`coupon ${row.id} neither inserted nor found`);
  return { coupon: existing, created: false };
}

export async function findPromotionCodeById(db: Database, id: string, lock = false): Promise<PromotionCodeRow | null> {
  const query = db.select().from(promotionCodes).where(eq(promotionCodes.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row ?? null;
}

/** The active code spelled this way (case-insensitive), if any. */
export async function findActivePromotionCodeBySpelling(db: Database, code: string): Promise<PromotionCodeRow | null> {
  const [row] = await db
    .select()
    .from(promotionCodes)
    .where(and(eq(promotionCodes.active, true), sql`lower(${promotionCodes.code}) = lower(${code})`));
  return row ?? null;
}

export async function insertPromotionCode(db: Database, row: NewPromotionCode): Promise<{ code: PromotionCodeRow; created: boolean }> {
  const [inserted] = await db.insert(promotionCodes).values(row).onConflictDoNothing({ target: promotionCodes.id }).returning();
  if (inserted) return { code: inserted, created: true };
  const existing = await findPromotionCodeById(db, row.id);
  if (!existing) throw new Error(`promotion code ${row.id} neither inserted nor found`);
  return { code: existing, created: false };
}

export async function markPromotionCodeInactive(db: Database, id: string, adminId: string): Promise<PromotionCodeRow | null> {
  const [row] = await db
    .update(promotionCodes)
    .set({ active: false, deactivatedAt: new Date(), deactivatedBy: adminId })
    .where(and(eq(promotionCodes.id, id), eq(promotionCodes.active, true)))
    .returning();
  return row ?? null;
}

export type CouponListItem = CouponRow & { codes: Array<PromotionCodeRow & { redemptions: number }>; redemptions: number };

/** Coupons, newest first, each with its codes and how many paid Checkouts (purchases and subscriptions) used each code. */
export async function listCoupons(db: Database, limit = 200): Promise<CouponListItem[]> {
  const rows = await db.select().from(coupons).orderBy(desc(coupons.createdAt), desc(coupons.id)).limit(limit);
  return withCodes(db, rows);
}

export async function findCouponWithCodes(db: Database, id: string): Promise<CouponListItem | null> {
  const row = await findCouponById(db, id);
  if (!row) return null;
  const [item] = await withCodes(db, [row]);
  return item ?? null;
}

async function withCodes(db: Database, rows: CouponRow[]): Promise<CouponListItem[]> {
  if (rows.length === 0) return [];
  const codes = await db
    .select()
    .from(promotionCodes)
    .where(inArray(promotionCodes.couponId, rows.map((r) => r.id)))
    .orderBy(desc(promotionCodes.active), asc(promotionCodes.createdAt));
  const counts = codes.length
    ? await db
        .select({ id: checkoutSessions.stripePromotionCodeId, n: sql<number>`count(*)::int` })
        .from(checkoutSessions)
        .where(and(inArray(checkoutSessions.stripePromotionCodeId, codes.map((c) => c.stripePromotionCodeId)), REDEEMED))
        .groupBy(checkoutSessions.stripePromotionCodeId)
    : [];
  const byCode = new Map(counts.map((c) => [c.id, c.n]));
  return rows.map((coupon) => {
    const own = codes.filter((c) => c.couponId === coupon.id).map((c) => ({ ...c, redemptions: byCode.get(c.stripePromotionCodeId) ?? 0 }));
    return { ...coupon, codes: own, redemptions: own.reduce((sum, c) => sum + c.redemptions, 0) };
  });
}

/** What a coupon can be limited to: every course that is not archived, and the plans. */
export async function listCouponTargets(db: Database) {
  const [courseRows, planRows] = await Promise.all([
    db
      .select({ id: courses.id, title: courses.title, status: courses.status, stripeProductId: courses.stripeProductId })
      .from(courses)
      .where(sql`${courses.status} <> 'archived'`)
      .orderBy(asc(courses.title)),
    db.select({ id: plans.id, name: plans.name, stripeProductId: plans.stripeProductId }).from(plans).orderBy(asc(plans.name)),
  ]);
  return { courses: courseRows, plans: planRows };
}

/** Course titles and plan names by id, for showing a coupon's limits. */
export async function namesForTargets(db: Database, courseIds: string[], planIds: string[]): Promise<Map<string, string>> {
  const [c, p] = await Promise.all([
    courseIds.length ? db.select({ id: courses.id, name: courses.title }).from(courses).where(inArray(courses.id, courseIds)) : [],
    planIds.length ? db.select({ id: plans.id, name: plans.name }).from(plans).where(inArray(plans.id, planIds)) : [],
  ]);
  return new Map([...c, ...p].map((r) => [r.id, r.name]));
}

export type CheckoutDiscount = { amountDiscount: number; stripeCouponId: string | null; stripePromotionCodeId: string | null; discountCode: string | null };

/** The discount a Checkout applied, on its payment (a fact of the completed session: written once, same every time); returns the row. */
export async function setPaymentDiscount(db: Database, paymentId: string, discount: CheckoutDiscount): Promise<typeof payments.$inferSelect> {
  const [row] = await db.update(payments).set(discount).where(eq(payments.id, paymentId)).returning();
  if (!row) throw new Error(`payment ${paymentId} vanished inside its transaction`);
  return row;
}

/** The same discount on the session itself, in both modes: what redemptions are counted from. */
export async function setCheckoutSessionDiscount(db: Database, checkoutSessionId: string, discount: CheckoutDiscount): Promise<void> {
  await db.update(checkoutSessions).set(discount).where(eq(checkoutSessions.id, checkoutSessionId));
}

export type CouponRedemption = {
  checkoutSessionId: string;
  mode: 'payment' | 'subscription';
  /** What the Checkout charged (a subscription: its first invoice) and what the code took off. */
  amount: number;
  amountDiscount: number;
  currency: string;
  discountCode: string | null;
  createdAt: Date;
  /** Where the admin reads more: the course purchase's payment, or the subscription. */
  paymentId: string | null;
  paymentStatus: string | null;
  subscriptionId: string | null;
  subscriptionStatus: string | null;
};

/** Paid Checkouts that used any of a coupon's codes, newest first (the coupon page's redemptions). */
export async function listCouponRedemptions(db: Database, stripePromotionCodeIds: string[], limit = 50): Promise<CouponRedemption[]> {
  if (stripePromotionCodeIds.length === 0) return [];
  const rows = await db
    .select({
      checkoutSessionId: checkoutSessions.id,
      mode: checkoutSessions.mode,
      amountTotal: checkoutSessions.amountTotal,
      amountDiscount: checkoutSessions.amountDiscount,
      currency: checkoutSessions.currency,
      discountCode: checkoutSessions.discountCode,
      createdAt: checkoutSessions.createdAt,
      paymentId: payments.id,
      paymentAmount: payments.amount,
      paymentStatus: payments.status,
      subscriptionId: subscriptions.id,
      subscriptionStatus: subscriptions.status,
    })
    .from(checkoutSessions)
    .leftJoin(payments, eq(payments.checkoutSessionId, checkoutSessions.id))
    .leftJoin(subscriptions, eq(subscriptions.stripeSubscriptionId, checkoutSessions.stripeSubscriptionId))
    .where(and(inArray(checkoutSessions.stripePromotionCodeId, stripePromotionCodeIds), isNotNull(checkoutSessions.stripePromotionCodeId), REDEEMED))
    .orderBy(desc(checkoutSessions.createdAt), desc(checkoutSessions.id))
    .limit(limit);
  return rows.map((r) => ({
    checkoutSessionId: r.checkoutSessionId,
    mode: r.mode,
    // amount_total is the price asked for; the charge is that less the discount.
    amount: r.paymentAmount ?? Math.max(0, r.amountTotal - r.amountDiscount),
    amountDiscount: r.amountDiscount,
    currency: r.currency,
    discountCode: r.discountCode,
    createdAt: r.createdAt,
    paymentId: r.paymentId,
    paymentStatus: r.paymentStatus,
    subscriptionId: r.subscriptionId,
    subscriptionStatus: r.subscriptionStatus,
  }));
}
