import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { coupons, courses, payments, plans, promotionCodes } from '../schema';

export type CouponRow = typeof coupons.$inferSelect;
export type PromotionCodeRow = typeof promotionCodes.$inferSelect;
export type NewCoupon = typeof coupons.$inferInsert;
export type NewPromotionCode = typeof promotionCodes.$inferInsert;

// A payment "redeemed" a code once its money was taken (refunds and disputes later do not undo it).
const CHARGED = sql`${payments.status} in ('succeeded', 'partially_refunded', 'refunded', 'disputed', 'charged_back')`;

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

/** Coupons, newest first, each with its codes and how many charged payments used each code. */
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
        .select({ id: payments.stripePromotionCodeId, n: sql<number>`count(*)::int` })
        .from(payments)
        .where(and(inArray(payments.stripePromotionCodeId, codes.map((c) => c.stripePromotionCodeId)), CHARGED))
        .groupBy(payments.stripePromotionCodeId)
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

/** The discount a Checkout applied, on its payment (a fact of the completed session: written once, same every time). */
export async function setPaymentDiscount(
  db: Database,
  paymentId: string,
  discount: { amountDiscount: number; stripeCouponId: string | null; stripePromotionCodeId: string | null; discountCode: string | null },
): Promise<void> {
  await db.update(payments).set(discount).where(eq(payments.id, paymentId));
}

/** Payments that used any of a coupon's codes, newest first (the coupon page's redemptions). */
export async function listCouponPayments(db: Database, stripePromotionCodeIds: string[], limit = 50) {
  if (stripePromotionCodeIds.length === 0) return [];
  return db
    .select({
      id: payments.id,
      amount: payments.amount,
      amountDiscount: payments.amountDiscount,
      currency: payments.currency,
      status: payments.status,
      discountCode: payments.discountCode,
      createdAt: payments.createdAt,
    })
    .from(payments)
    .where(and(inArray(payments.stripePromotionCodeId, stripePromotionCodeIds), isNotNull(payments.stripePromotionCodeId)))
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(limit);
}
