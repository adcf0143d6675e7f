import type Stripe from 'stripe';
import { stripeCall } from './client';

// Coupons and promotion codes from the admin. Stripe owns them; every POST carries a key from
// the admin's form attempt, so a resubmitted form returns the same object instead of a second.

export function createCoupon(params: Stripe.CouponCreateParams, idempotencyKey: string): Promise<Stripe.Coupon> {
  return stripeCall('coupon.create', (stripe) => stripe.coupons.create(params, { idempotencyKey }));
}

export function createPromotionCode(params: Stripe.PromotionCodeCreateParams, idempotencyKey: string): Promise<Stripe.PromotionCode> {
  return stripeCall('promotion_code.create', (stripe) => stripe.promotionCodes.create(params, { idempotencyKey }));
}

/** Stops a code from being redeemed; redemptions already made stand. */
export function deactivatePromotionCode(id: string, idempotencyKey: string): Promise<Stripe.PromotionCode> {
  return stripeCall('promotion_code.deactivate', (stripe) => stripe.promotionCodes.update(id, { active: false }, { idempotencyKey }));
}

/** How many times Stripe counts a code as redeemed (subscriptions included). */
export async function promotionCodeRedemptions(ids: string[]): Promise<Map<string, number>> {
  const found = await Promise.all(ids.map((id) => stripeCall('promotion_code.retrieve', (stripe) => stripe.promotionCodes.retrieve(id))));
  return new Map(found.map((p) => [p.id, p.times_redeemed]));
}
