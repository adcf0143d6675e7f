import { invalidRequest } from '../core/errors';
import { createDiscount, discountOn, eligibleItems, redeem, spread, type DiscountObject, type ResolvedDiscount } from '../billing/discounts';
import type { StoredEvent } from '../core/events';
import { save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import { reapplySessionTax } from './tax';
import { SESSION_LINE_ITEMS, sessionLineItems, type LineItemObject, type SessionObject } from './model';

/** Session id → the Discount applied to it (a subscription-mode session hands it to the subscription). */
export const SESSION_DISCOUNT = 'checkout_session_discount';

export function sessionDiscount(sandbox: Sandbox, sessionId: string): DiscountObject | undefined {
  const id = sandbox.store.internal<string>(SESSION_DISCOUNT)[sessionId];
  return id ? sandbox.store.get<DiscountObject>('discount', id) : undefined;
}

/** The product of a line item's price. */
export const itemProduct = (li: LineItemObject): string | null =>
  typeof li.price?.product === 'string' ? li.price.product : (li.price?.product?.id ?? null);

/**
 * Applies a coupon to a session: the discount is spread over the line items it may discount
 * (all of them, or those of the coupon's `applies_to[products]`) in proportion to their
 * amounts, and shows in `total_details.amount_discount` and `amount_total`.
 */
export function applySessionDiscount(sandbox: Sandbox, session: SessionObject, r: ResolvedDiscount): void {
  const items = sessionLineItems(sandbox, session.id);
  const currency = session.currency ?? 'usd';
  const subtotal = items.reduce((sum, li) => sum + li.amount_subtotal, 0);
  const eligible = eligibleItems(sandbox, r.coupon, items.map(itemProduct));
  if (!eligible.some(Boolean)) {
    throw invalidRequest(`The coupon ${r.coupon.id} does not apply to any of the line items.`, { param: 'discounts' });
  }
  const eligibleAmounts = items.map((li, i) => (eligible[i] ? li.amount_subtotal : 0));
  const total = discountOn(r.coupon, eligibleAmounts.reduce((a, b) => a + b, 0), currency);
  const discount = createDiscount(sandbox, r, {
    checkoutSession: session.id,
    customer: typeof session.customer === 'string' ? session.customer : null,
  });
  const shares = spread(total, eligibleAmounts);
  const next: LineItemObject[] = items.map((li, i) => {
    const off = shares[i] ?? 0;
    return { ...li, amount_discount: off, amount_total: li.amount_subtotal - off, discounts: eligible[i] ? [{ amount: off, discount }] : [] };
  });
  sandbox.store.setInternal(SESSION_LINE_ITEMS, session.id, next);
  sandbox.store.setInternal(SESSION_DISCOUNT, session.id, discount.id);
  Object.assign(session, {
    amount_total: subtotal - total,
    discounts: [{ coupon: r.coupon.id, promotion_code: r.promotionCode?.id ?? null }],
    total_details: { ...(session.total_details ?? { amount_shipping: 0, amount_tax: 0 }), amount_discount: total },
  });
  save(sandbox, session);
  reapplySessionTax(sandbox, session);
}

/** A redemption counts when the session completes, as with Stripe. */
export function countRedemptions(sandbox: Sandbox): void {
  sandbox.events.subscribe((event: StoredEvent) => {
    if (event.type !== 'checkout.session.completed') return;
    const session = event.data.object as SessionObject;
    // A subscription-mode session's coupon is redeemed by the subscription it creates.
    if (session.mode !== 'payment') return;
    const discount = sessionDiscount(sandbox, session.id);
    if (!discount) return;
    const couponId = typeof discount.source.coupon === 'string' ? discount.source.coupon : discount.source.coupon?.id;
    if (couponId) {
      redeem(sandbox, {
        couponId,
        promotionCodeId: typeof discount.promotion_code === 'string' ? discount.promotion_code : (discount.promotion_code?.id ?? null),
      });
    }
  });
}
