import type Stripe from 'stripe';
import { COUPON_APPLIES_TO, couponProducts, couponValid, type CouponObject, type PromotionCodeObject } from '../billing/discounts';
import { changedAttributes } from '../core/events';
import { invalidRequest, resourceMissing } from '../core/errors';
import { newId } from '../core/ids';
import { inRange, paginate } from '../core/list';
import { clone, findOrThrow, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import type { Wire } from '../core/wire';

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const randomCode = () => Array.from({ length: 8 }, () => CODE_ALPHABET[Math.floor(Math.random() * CODE_ALPHABET.length)]).join('');

export function registerCoupons(sandbox: Sandbox): void {
  const { router, store, events } = sandbox;
  const withValidity = (c: CouponObject): CouponObject => ({ ...c, valid: couponValid(sandbox, c) });
  // Stripe includes `applies_to` only when it is expanded.
  sandbox.expand('coupon', 'applies_to', (sb, parent) => ({ products: couponProducts(sb, String(parent.id)) ?? [] }));

  router.post('/v1/coupons', ({ input }) => {
    const p = s.decodeShape(
      {
        id: s.string(),
        percent_off: s.decimal({ min: 0.01, max: 100 }),
        amount_off: s.integer({ min: 1 }),
        currency: s.currency(),
        currency_options: s.record(s.object({ amount_off: s.required(s.integer({ min: 1 })) })),
        duration: s.oneOf(['once', 'repeating', 'forever'] as const),
        duration_in_months: s.integer({ min: 1 }),
        max_redemptions: s.integer({ min: 1 }),
        redeem_by: s.integer(),
        applies_to: s.object({ products: s.array(s.string()) }),
        name: s.string({ max: 40 }),
        metadata: s.metadata(),
      },
      input,
    );
    if ((p.percent_off == null) === (p.amount_off == null)) {
      throw invalidRequest('Coupons must have exactly one of percent_off or amount_off.', { param: p.percent_off == null ? 'percent_off' : 'amount_off' });
    }
    if (p.amount_off != null && !p.currency) {
      throw invalidRequest('You must specify a currency when creating an amount_off coupon.', { code: 'parameter_missing', param: 'currency' });
    }
    const duration = p.duration ?? 'once';
    if (duration === 'repeating' && p.duration_in_months == null) {
      throw invalidRequest('duration_in_months is required when duration is repeating.', { code: 'parameter_missing', param: 'duration_in_months' });
    }
    const products = p.applies_to?.products ?? [];
    products.forEach((product, i) => {
      if (!store.get('product', product)) throw resourceMissing('product', product, `applies_to[products][${i}]`);
    });
    const id = p.id ?? newId('', 8).slice(1);
    if (store.get('coupon', id)) throw invalidRequest('Coupon already exists.', { code: 'resource_already_exists', param: 'id' });
    const coupon = {
      id,
      object: 'coupon',
      amount_off: p.amount_off ?? null,
      created: sandbox.clock.now(),
      currency: p.currency ?? null,
      ...(p.currency_options
        ? { currency_options: Object.fromEntries(Object.entries(p.currency_options).map(([k, v]) => [k.toLowerCase(), { amount_off: v.amount_off }])) }
        : {}),
      duration,
      duration_in_months: duration === 'repeating' ? (p.duration_in_months ?? null) : null,
      livemode: false,
      max_redemptions: p.max_redemptions ?? null,
      metadata: p.metadata ?? {},
      name: p.name ?? null,
      percent_off: p.percent_off ?? null,
      redeem_by: p.redeem_by ?? null,
      times_redeemed: 0,
      valid: true,
    } satisfies CouponObject;
    save(sandbox, coupon);
    if (products.length > 0) store.setInternal(COUPON_APPLIES_TO, id, [...new Set(products)]);
    events.emit('coupon.created', coupon);
    return clone(coupon);
  });

  router.get('/v1/coupons/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    return withValidity(findOrThrow<CouponObject>(sandbox, 'coupon', params.id ?? ''));
  });

  router.post('/v1/coupons/:id', ({ params, input }) => {
    const p = s.decodeShape({ name: s.string({ max: 40 }), metadata: s.metadata() }, input);
    const coupon = findOrThrow<CouponObject>(sandbox, 'coupon', params.id ?? '');
    const before = clone(coupon);
    if (p.name !== undefined) coupon.name = p.name;
    coupon.metadata = s.mergeMetadata(coupon.metadata, p.metadata);
    save(sandbox, coupon);
    events.emit('coupon.updated', coupon, changedAttributes(before, coupon));
    return withValidity(coupon);
  });

  router.get('/v1/coupons', ({ input }) => {
    const p = s.decodeShape({ ...s.listParams, created: s.range() }, input);
    const items = store.all<CouponObject>('coupon').filter((c) => inRange(c.created, p.created)).map(withValidity);
    return paginate(items, p, '/v1/coupons', 'coupon');
  });

  router.delete('/v1/coupons/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    const coupon = findOrThrow<CouponObject>(sandbox, 'coupon', params.id ?? '');
    store.remove('coupon', coupon.id);
    events.emit('coupon.deleted', coupon);
    return { id: coupon.id, object: 'coupon', deleted: true } satisfies Wire<Stripe.DeletedCoupon>;
  });

  router.post('/v1/promotion_codes', ({ input }) => {
    const p = s.decodeShape(
      {
        promotion: s.required(s.object({ type: s.required(s.oneOf(['coupon'] as const)), coupon: s.required(s.string()) })),
        code: s.string({ max: 500 }),
        active: s.boolean(),
        customer: s.string(),
        expires_at: s.integer(),
        max_redemptions: s.integer({ min: 1 }),
        metadata: s.metadata(),
        restrictions: s.object({
          first_time_transaction: s.boolean(),
          minimum_amount: s.integer({ min: 1 }),
          minimum_amount_currency: s.currency(),
        }),
      },
      input,
    );
    if (!store.get('coupon', p.promotion.coupon)) throw resourceMissing('coupon', p.promotion.coupon, 'promotion[coupon]');
    if (p.customer && !store.get('customer', p.customer)) throw resourceMissing('customer', p.customer, 'customer');
    const code = p.code ?? randomCode();
    if (!/^[a-zA-Z0-9_-]+$/.test(code)) {
      throw invalidRequest('Promotion codes may only contain letters, digits, dashes and underscores.', { param: 'code' });
    }
    const clash = store.all<PromotionCodeObject>('promotion_code').find((x) => x.active && x.code.toLowerCase() === code.toLowerCase());
    if (clash) throw invalidRequest(`An active promotion code with code: ${code} already exists.`, { param: 'code' });
    const promo = {
      id: newId('promo'),
      object: 'promotion_code',
      active: p.active ?? true,
      code,
      created: sandbox.clock.now(),
      customer: p.customer ?? null,
      customer_account: null,
      expires_at: p.expires_at ?? null,
      livemode: false,
      max_redemptions: p.max_redemptions ?? null,
      metadata: p.metadata ?? {},
      promotion: { type: 'coupon', coupon: p.promotion.coupon },
      restrictions: {
        first_time_transaction: p.restrictions?.first_time_transaction ?? false,
        minimum_amount: p.restrictions?.minimum_amount ?? null,
        minimum_amount_currency: p.restrictions?.minimum_amount_currency ?? null,
      },
      times_redeemed: 0,
    } satisfies PromotionCodeObject;
    save(sandbox, promo);
    events.emit('promotion_code.created', promo);
    return clone(promo);
  });

  router.get('/v1/promotion_codes/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    return findOrThrow<PromotionCodeObject>(sandbox, 'promotion_code', params.id ?? '');
  });

  router.post('/v1/promotion_codes/:id', ({ params, input }) => {
    const p = s.decodeShape({ active: s.boolean(), metadata: s.metadata() }, input);
    const promo = findOrThrow<PromotionCodeObject>(sandbox, 'promotion_code', params.id ?? '');
    const before = clone(promo);
    if (p.active != null) promo.active = p.active;
    promo.metadata = s.mergeMetadata(promo.metadata, p.metadata);
    save(sandbox, promo);
    events.emit('promotion_code.updated', promo, changedAttributes(before, promo));
    return clone(promo);
  });

  router.get('/v1/promotion_codes', ({ input }) => {
    const p = s.decodeShape(
      { ...s.listParams, code: s.string(), coupon: s.string(), active: s.boolean(), customer: s.string(), created: s.range() },
      input,
    );
    const items = store
      .all<PromotionCodeObject>('promotion_code')
      .filter((x) => p.code == null || x.code.toLowerCase() === p.code.toLowerCase())
      .filter((x) => p.coupon == null || x.promotion.coupon === p.coupon)
      .filter((x) => p.active == null || x.active === p.active)
      .filter((x) => p.customer == null || x.customer === p.customer)
      .filter((x) => inRange(x.created, p.created));
    return paginate(items, p, '/v1/promotion_codes', 'promotion_code');
  });
}
