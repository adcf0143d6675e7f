import type { Database } from '@/db/client';
import { findPriceOwner } from '@/db/queries/admin-prices';
import {
  type CouponRow,
  findActivePromotionCodeBySpelling,
  findCouponById,
  findPromotionCodeById,
  insertCoupon,
  insertPromotionCode,
  markPromotionCodeInactive,
  type PromotionCodeRow,
} from '@/db/queries/coupons';
import type { CouponDuration } from '@/db/schema/enums';
import { ActionRefusal } from '@/lib/actions/refusal';
import { auditAdminChange } from '@/lib/audit/admin-change';
import { parseMoney } from '@/lib/billing/money';
import { ensureStripeProduct } from '@/lib/billing/stripe-catalog';
import { createCoupon as createStripeCoupon, createPromotionCode as createStripePromotionCode, deactivatePromotionCode as deactivateStripePromotionCode } from '@/lib/stripe/coupons';
import { StripeFailure } from '@/lib/stripe/errors';
import { logger } from '@/lib/log';

export type CouponTarget = { kind: 'course' | 'plan'; id: string };

export type NewCouponInput = {
  /** Generated when the form rendered: the row's id and the Stripe idempotency key. */
  attemptId: string;
  name: string;
  discount: { kind: 'percent'; percent: number } | { kind: 'amount'; amount: string; currency: string };
  duration: CouponDuration;
  durationInMonths: number | null;
  maxRedemptions: number | null;
  redeemBy: Date | null;
  /** Empty: the coupon applies to anything sold. */
  targets: CouponTarget[];
};

export type NewPromotionCodeInput = {
  attemptId: string;
  couponId: string;
  code: string;
  maxRedemptions: number | null;
  expiresAt: Date | null;
  firstTimeOnly: boolean;
};

const refuseStripe = (what: string, error: unknown): never => {
  // Stripe's own message goes to the log (the action client logs the cause), never the page.
  if (error instanceof StripeFailure) {
    logger.warn({ operation: error.operation, kind: error.kind, detail: error.message }, 'stripe refused an admin coupon change');
    throw new ActionRefusal(`Stripe did not ${what}, so nothing changed: ${error.userMessage}`);
  }
  throw error;
};

/**
 * Creates a coupon: Stripe first (products ensured for the courses or plan it is limited to,
 * then the coupon with the key `coupon:<attemptId>`), then our row and an audit row in one
 * transaction. A failure before the commit leaves nothing local; the same form again finishes
 * it (Stripe answers the same coupon for the same key; the row is inserted once).
 */
export async function createCoupon(db: Database, adminId: string, input: NewCouponInput, now = new Date()): Promise<{ coupon: CouponRow; retried: boolean }> {
  const existing = await findCouponById(db, input.attemptId);
  if (existing) return { coupon: existing, retried: true };
  if (input.redeemBy && input.redeemBy.getTime() <= now.getTime()) throw new ActionRefusal('The last day to redeem must be in the future.');
  if ((input.duration === 'repeating') !== (input.durationInMonths !== null)) {
    throw new ActionRefusal(input.duration === 'repeating' ? 'Say for how many months the discount repeats.' : 'Months apply only to a repeating discount.');
  }
  let amountOff: { amount: number; currency: string } | null = null;
  if (input.discount.kind === 'amount') {
    const parsed = parseMoney(input.discount.amount, input.discount.currency);
    if (!parsed.ok) throw new ActionRefusal(parsed.error);
    if (parsed.money.amount <= 0) throw new ActionRefusal('The amount off must be more than zero.');
    amountOff = parsed.money;
  } else if (!Number.isInteger(input.discount.percent) || input.discount.percent < 1 || input.discount.percent > 100) {
    throw new ActionRefusal('The percent off must be a whole number from 1 to 100.');
  }

  const owners = await Promise.all(input.targets.map((t) => findPriceOwner(db, t)));
  if (owners.some((o) => o === null)) throw new ActionRefusal('One of the chosen courses or plans no longer exists. Reload the page.');

  let stripeCouponId: string;
  let productIds: string[];
  try {
    productIds = [];
    for (const owner of owners) productIds.push(await ensureStripeProduct(db, owner!));
    const coupon = await createStripeCoupon(
      {
        name: input.name,
        ...(amountOff ? { amount_off: amountOff.amount, currency: amountOff.currency } : { percent_off: (input.discount as { percent: number }).percent }),
        duration: input.duration,
        ...(input.durationInMonths !== null ? { duration_in_months: input.durationInMonths } : {}),
        ...(input.maxRedemptions !== null ? { max_redemptions: input.maxRedemptions } : {}),
        ...(input.redeemBy ? { redeem_by: Math.floor(input.redeemBy.getTime() / 1000) } : {}),
        ...(productIds.length ? { applies_to: { products: productIds } } : {}),
        metadata: { bursar_coupon_id: input.attemptId },
      },
      `coupon:${input.attemptId}`,
    );
    stripeCouponId = coupon.id;
  } catch (error) {
    return refuseStripe('create the coupon', error);
  }

  return db.transaction(async (tx) => {
    const { coupon, created } = await insertCoupon(tx, {
      id: input.attemptId,
      stripeCouponId,
      name: input.name,
      percentOff: input.discount.kind === 'percent' ? input.discount.percent : null,
      amountOff: amountOff?.amount ?? null,
      currency: amountOff?.currency ?? null,
      duration: input.duration,
      durationInMonths: input.durationInMonths,
      maxRedemptions: input.maxRedemptions,
      redeemBy: input.redeemBy,
      courseIds: input.targets.filter((t) => t.kind === 'course').map((t) => t.id),
      planIds: input.targets.filter((t) => t.kind === 'plan').map((t) => t.id),
      stripeProductIds: productIds,
      createdBy: adminId,
    });
    if (created) {
      await auditAdminChange(tx, {
        adminId,
        action: 'coupon.create',
        entityType: 'coupon',
        entityId: coupon.id,
        before: null,
        after: {
          name: coupon.name,
          percentOff: coupon.percentOff,
          amountOff: coupon.amountOff,
          currency: coupon.currency,
          duration: coupon.duration,
          durationInMonths: coupon.durationInMonths,
          maxRedemptions: coupon.maxRedemptions,
          redeemBy: coupon.redeemBy,
          courseIds: coupon.courseIds,
          planIds: coupon.planIds,
        },
        extra: { stripeCouponId },
      });
    }
    return { coupon, retried: !created };
  });
}

/** Codes as Stripe accepts them, kept to a readable length. */
export const PROMOTION_CODE_PATTERN = /^[A-Za-z0-9_-]{3,40}$/;

/**
 * Creates a promotion code for a coupon, in Stripe (key `promo:<attemptId>`) and then here with
 * an audit row. A code already active (any case) is refused before Stripe is asked.
 */
export async function createPromotionCode(db: Database, adminId: string, input: NewPromotionCodeInput, now = new Date()): Promise<{ code: PromotionCodeRow; retried: boolean }> {
  const existing = await findPromotionCodeById(db, input.attemptId);
  if (existing) return { code: existing, retried: true };
  const code = input.code.trim();
  if (!PROMOTION_CODE_PATTERN.test(code)) throw new ActionRefusal('Use 3 to 40 letters, digits, dashes or underscores.');
  if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) throw new ActionRefusal('The expiry must be in the future.');
  const coupon = await findCouponById(db, input.couponId);
  if (!coupon) throw new ActionRefusal('That coupon no longer exists. Reload the page.');
  if (coupon.redeemBy && coupon.redeemBy.getTime() <= now.getTime()) throw new ActionRefusal('This coupon can no longer be redeemed, so a new code would not work.');
  if (await findActivePromotionCodeBySpelling(db, code)) throw new ActionRefusal(`The code ${code.toUpperCase()} is already in use. Choose another.`);

  let stripePromotionCodeId: string;
  try {
    const promo = await createStripePromotionCode(
      {
        promotion: { type: 'coupon', coupon: coupon.stripeCouponId },
        code,
        ...(input.maxRedemptions !== null ? { max_redemptions: input.maxRedemptions } : {}),
        ...(input.expiresAt ? { expires_at: Math.floor(input.expiresAt.getTime() / 1000) } : {}),
        ...(input.firstTimeOnly ? { restrictions: { first_time_transaction: true } } : {}),
        metadata: { bursar_promotion_code_id: input.attemptId, bursar_coupon_id: coupon.id },
      },
      `promo:${input.attemptId}`,
    );
    stripePromotionCodeId = promo.id;
  } catch (error) {
    return refuseStripe('create the code', error);
  }

  return db.transaction(async (tx) => {
    const inserted = await insertPromotionCode(tx, {
      id: input.attemptId,
      couponId: coupon.id,
      stripePromotionCodeId,
      code,
      maxRedemptions: input.maxRedemptions,
      expiresAt: input.expiresAt,
      firstTimeOnly: input.firstTimeOnly,
      createdBy: adminId,
    });
    if (inserted.created) {
      await auditAdminChange(tx, {
        adminId,
        action: 'promotion_code.create',
        entityType: 'promotion_code',
        entityId: inserted.code.id,
        before: null,
        after: { code, couponId: coupon.id, maxRedemptions: input.maxRedemptions, expiresAt: input.expiresAt, firstTimeOnly: input.firstTimeOnly, active: true },
        extra: { stripePromotionCodeId },
      });
    }
    return { code: inserted.code, retried: !inserted.created };
  });
}

/**
 * Deactivates a code: Stripe first (idempotent key per code), then the row and an audit row.
 * Deactivating an inactive code changes nothing and is not an error (a double click).
 */
export async function deactivatePromotionCode(db: Database, adminId: string, promotionCodeId: string): Promise<{ changed: boolean }> {
  const row = await findPromotionCodeById(db, promotionCodeId);
  if (!row) throw new ActionRefusal('That code no longer exists. Reload the page.');
  if (!row.active) return { changed: false };
  try {
    await deactivateStripePromotionCode(row.stripePromotionCodeId, `promo-deactivate:${row.id}`);
  } catch (error) {
    return refuseStripe('deactivate the code', error);
  }
  return db.transaction(async (tx) => {
    const updated = await markPromotionCodeInactive(tx, row.id, adminId);
    if (!updated) return { changed: false };
    await auditAdminChange(tx, {
      adminId,
      action: 'promotion_code.deactivate',
      entityType: 'promotion_code',
      entityId: row.id,
      before: { active: true },
      after: { active: false },
      extra: { code: row.code, stripePromotionCodeId: row.stripePromotionCodeId },
    });
    return { changed: true };
  });
}
