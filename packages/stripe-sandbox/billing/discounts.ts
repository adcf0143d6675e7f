import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../core/errors';
import { newId } from '../core/ids';
import { save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import type { Wire } from '../core/wire';

export type CouponObject = Wire<Stripe.Coupon>;
export type PromotionCodeObject = Wire<Stripe.PromotionCode>;
export type DiscountObject = Wire<Stripe.Discount>;

/** Coupon id → the products it is limited to (`applies_to[products]`); absent: everything. */
export const COUPON_APPLIES_TO = 'coupon_applies_to';

/** The products a coupon is limited to, or null when it applies to every item. */
export function couponProducts(sandbox: Sandbox, couponId: string): string[] | null {
  return sandbox.store.internal<string[]>(COUPON_APPLIES_TO)[couponId] ?? null;
}

/** Which of these items (by product id) a coupon may discount. */
export function eligibleItems(sandbox: Sandbox, coupon: CouponObject, products: Array<string | null>): boolean[] {
  const only = couponProducts(sandbox, coupon.id);
  return products.map((product) => only === null || (product !== null && only.includes(product)));
}

/** A coupon can still be redeemed: not past `redeem_by`, not over `max_redemptions`. */
export function couponValid(sandbox: Sandbox, coupon: CouponObject): boolean {
  if (coupon.redeem_by !== null && sandbox.clock.now() > coupon.redeem_by) return false;
  if (coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions) return false;
  return true;
}

/** The discount a coupon gives on an amount in a currency (amount_off only in its currency). */
export function discountOn(coupon: CouponObject, amount: number, currency: string): number {
  if (coupon.percent_off !== null) return Math.round((amount * coupon.percent_off) / 100);
  if (coupon.amount_off !== null) {
    const off = coupon.currency === currency ? coupon.amount_off : (coupon.currency_options?.[currency]?.amount_off ?? 0);
    return Math.min(off, amount);
  }
  return 0;
}

/** Splits a total discount over amounts in proportion; the last takes the rounding remainder. */
export function spread(total: number, amounts: number[]): number[] {
  const sum = amounts.reduce((a, b) => a + b, 0);
  if (sum === 0) return amounts.map(() => 0);
  let given = 0;
  return amounts.map((a, i) => {
    if (i === amounts.length - 1) return total - given;
    const share = Math.floor((total * a) / sum);
    given += share;
    return share;
  });
}

export interface ResolvedDiscount {
  coupon: CouponObject;
  promotionCode: PromotionCodeObject | null;
}

/** `discounts[0][coupon]` or `discounts[0][promotion_code]`, checked as Stripe does. */
export function resolveDiscountParam(
  sandbox: Sandbox,
  d: { coupon?: string | null; promotion_code?: string | null },
  param: string,
): ResolvedDiscount {
  if (d.promotion_code) {
    const promo = sandbox.store.get<PromotionCodeObject>('promotion_code', d.promotion_code);
    if (!promo) throw resourceMissing('promotion_code', d.promotion_code, `${param}[promotion_code]`);
    return { coupon: couponOfPromotion(sandbox, promo, param), promotionCode: promo };
  }
  if (!d.coupon) throw invalidRequest('Provide a coupon or a promotion_code.', { code: 'parameter_missing', param });
  const coupon = sandbox.store.get<CouponObject>('coupon', d.coupon);
  if (!coupon) throw resourceMissing('coupon', d.coupon, `${param}[coupon]`);
  if (!couponValid(sandbox, coupon)) throw invalidRequest(`Coupon ${coupon.id} is no longer valid.`, { param: `${param}[coupon]` });
  return { coupon, promotionCode: null };
}

function couponOfPromotion(sandbox: Sandbox, promo: PromotionCodeObject, param: string): CouponObject {
  const couponId = typeof promo.promotion.coupon === 'string' ? promo.promotion.coupon : promo.promotion.coupon?.id;
  const coupon = couponId ? sandbox.store.get<CouponObject>('coupon', couponId) : undefined;
  if (!coupon || !couponValid(sandbox, coupon)) throw invalidRequest('This code is invalid.', { code: 'promotion_code_invalid', param });
  return coupon;
}

/**
 * A code a buyer typed: active, not expired, under its limits, meeting its minimum, and for
 * this customer if it is restricted to one. Answers with Stripe Checkout's wording.
 */
export function redeemableCode(
  sandbox: Sandbox,
  code: string,
  ctx: { amount: number; currency: string; customer: string | null; products: Array<string | null> },
): ResolvedDiscount | { error: string } {
  const promo = sandbox.store
    .all<PromotionCodeObject>('promotion_code')
    .find((p) => p.code.toLowerCase() === code.trim().toLowerCase());
  const invalid = { error: 'This code is invalid.' };
  if (!promo || !promo.active) return invalid;
  if (promo.expires_at !== null && sandbox.clock.now() > promo.expires_at) return { error: 'This code has expired.' };
  if (promo.max_redemptions !== null && promo.times_redeemed >= promo.max_redemptions) return invalid;
  if (promo.customer && promo.customer !== ctx.customer) return invalid;
  if (promo.restrictions.first_time_transaction && ctx.customer) {
    const paidBefore = sandbox.store
      .all<{ id: string; object: string; customer: string | null; status: string }>('charge')
      .some((c) => c.customer === ctx.customer && c.status === 'succeeded');
    if (paidBefore) return { error: 'This code is only valid for first-time customers.' };
  }
  const min = promo.restrictions.minimum_amount;
  if (min !== null && promo.restrictions.minimum_amount_currency === ctx.currency && ctx.amount < min) {
    return { error: 'This code is not valid for this order amount.' };
  }
  let coupon: CouponObject;
  try {
    coupon = couponOfPromotion(sandbox, promo, 'code');
  } catch {
    return invalid;
  }
  if (!eligibleItems(sandbox, coupon, ctx.products).some(Boolean)) return { error: 'This code is not valid for the items in your order.' };
  return { coupon, promotionCode: promo };
}

/** A Discount object: the application of a coupon to a session, subscription or invoice. */
export function createDiscount(
  sandbox: Sandbox,
  r: ResolvedDiscount,
  on: { checkoutSession?: string | null; subscription?: string | null; invoice?: string | null; customer?: string | null },
): DiscountObject {
  const start = sandbox.clock.now();
  const months = r.coupon.duration === 'repeating' ? (r.coupon.duration_in_months ?? 1) : null;
  const discount = {
    id: newId('di'),
    object: 'discount',
    checkout_session: on.checkoutSession ?? null,
    customer: on.customer ?? null,
    customer_account: null,
    end: months === null ? null : start + Math.round(months * 30.4375 * 86_400),
    invoice: on.invoice ?? null,
    invoice_item: null,
    promotion_code: r.promotionCode?.id ?? null,
    source: { type: 'coupon', coupon: r.coupon.id },
    start,
    subscription: on.subscription ?? null,
    subscription_item: null,
  } satisfies DiscountObject;
  return save(sandbox, discount);
}

/** Counts a redemption on the coupon and the promotion code. */
export function redeem(sandbox: Sandbox, r: { couponId: string; promotionCodeId: string | null }): void {
  const coupon = sandbox.store.get<CouponObject>('coupon', r.couponId);
  if (coupon) {
    coupon.times_redeemed += 1;
    coupon.valid = couponValid(sandbox, coupon);
    save(sandbox, coupon);
  }
  const promo = r.promotionCodeId ? sandbox.store.get<PromotionCodeObject>('promotion_code', r.promotionCodeId) : undefined;
  if (promo) {
    promo.times_redeemed += 1;
    save(sandbox, promo);
  }
}
