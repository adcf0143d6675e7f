import { minimumCharge } from '../payments/minimums';
import { formatMoney } from '../payments/money';
import { invalidRequest, resourceMissing } from '../core/errors';
import { ids } from '../core/ids';
import { inRange, paginate } from '../core/list';
import { clone, findOrThrow, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import { acceptedParams } from '../core/sdk-params';
import { expireSession, followPaymentIntents, refreshExpiry } from '../checkout/lifecycle';
import { applySessionDiscount, countRedemptions, itemProduct } from '../checkout/discount';
import { eligibleItems, resolveDiscountParam } from '../billing/discounts';
import {
  SESSION_EXTRAS,
  SESSION_LINE_ITEMS,
  sessionLineItems,
  type LineItemObject,
  type SessionObject,
} from '../checkout/model';
import { createPrice, createProductFromData, priceAmountIn, type PriceObject } from './prices';
import type { ProductObject } from './products';
import type { CustomerObject } from './customers';
import { customerTaxCountry } from '../billing/tax';
import { applySessionTax } from '../checkout/tax';

const MIN_EXPIRY_S = 30 * 60;
const MAX_EXPIRY_S = 24 * 60 * 60;

const createShape = {
  mode: s.oneOf(['payment', 'subscription', 'setup'] as const),
  line_items: s.array(
    s.object({
      price: s.string(),
      price_data: s.object({
        currency: s.required(s.currency()),
        product: s.string(),
        product_data: s.object({ name: s.required(s.string()), description: s.string(), metadata: s.metadata() }),
        unit_amount: s.integer({ min: 0 }),
        recurring: s.object({ interval: s.required(s.oneOf(['day', 'week', 'month', 'year'] as const)), interval_count: s.integer({ min: 1 }) }),
        tax_behavior: s.oneOf(['exclusive', 'inclusive', 'unspecified'] as const),
        metadata: s.metadata(),
      }),
      quantity: s.required(s.integer({ min: 1, max: 999_999 })),
    }),
  ),
  setup_intent_data: s.object({ metadata: s.metadata(), description: s.string() }),
  return_url: s.string({ max: 5000 }),
  success_url: s.string({ max: 5000 }),
  cancel_url: s.string({ max: 5000 }),
  client_reference_id: s.string({ max: 200 }),
  metadata: s.metadata(),
  customer: s.string(),
  customer_email: s.string(),
  customer_creation: s.oneOf(['always', 'if_required'] as const),
  allow_promotion_codes: s.boolean(),
  invoice_creation: s.object({
    enabled: s.required(s.boolean()),
    invoice_data: s.object({ description: s.string(), footer: s.string(), metadata: s.metadata() }),
  }),
  expires_at: s.integer(),
  currency: s.currency(),
  allowed_payment_method_types: s.array(s.oneOf(['card', 'us_bank_account', 'sepa_debit'] as const)),
  // The hosted page speaks English only, so only the locales it honours are accepted.
  locale: s.oneOf(['auto', 'en'] as const),
  submit_type: s.oneOf(['auto', 'pay', 'book', 'donate', 'subscribe'] as const),
  ui_mode: s.oneOf(['hosted', 'embedded'] as const),
  payment_intent_data: s.object({
    metadata: s.metadata(),
    description: s.string(),
    setup_future_usage: s.oneOf(['off_session', 'on_session'] as const),
  }),
  subscription_data: s.object({
    metadata: s.metadata(),
    trial_period_days: s.integer({ min: 1, max: 730 }),
    trial_end: s.integer({ min: 0 }),
    trial_settings: s.object({
      end_behavior: s.required(s.object({ missing_payment_method: s.required(s.oneOf(['cancel', 'create_invoice', 'pause'] as const)) })),
    }),
    description: s.string(),
  }),
  payment_method_collection: s.oneOf(['always', 'if_required'] as const),
  discounts: s.array(s.object({ coupon: s.string(), promotion_code: s.string() })),
  automatic_tax: s.object({ enabled: s.required(s.boolean()), liability: s.object({ type: s.required(s.oneOf(['self'] as const)) }) }),
  customer_update: s.object({ address: s.oneOf(['auto', 'never'] as const), name: s.oneOf(['auto', 'never'] as const) }),
  billing_address_collection: s.oneOf(['auto', 'required'] as const),
};

function checkUrl(url: string, param: string): void {
  try {
    new URL(url.replaceAll('{CHECKOUT_SESSION_ID}', 'x'));
  } catch {
    throw invalidRequest(`Not a valid URL`, { param, code: 'url_invalid' });
  }
}

export function registerCheckoutSessions(sandbox: Sandbox): void {
  const { router, store } = sandbox;
  followPaymentIntents(sandbox);
  countRedemptions(sandbox);

  sandbox.expand('checkout.session', 'line_items', (sb, parent) => {
    const data = sessionLineItems(sb, String(parent.id));
    return { object: 'list', data: clone(data), has_more: false, url: `/v1/checkout/sessions/${String(parent.id)}/line_items` };
  });

  router.post('/v1/checkout/sessions', ({ input }) => {
    if ('payment_method_types' in input) {
      // Renamed in this API version; say so rather than a bare "unknown parameter".
      throw invalidRequest(
        'Received unknown parameter: payment_method_types. In API version 2026-10-28.endive use allowed_payment_method_types.',
        { code: 'parameter_unknown', param: 'payment_method_types' },
      );
    }
    const decoded = s.decodeShape(createShape, input);
    const p = { ...decoded, mode: decoded.mode ?? 'payment' };
    const now = sandbox.clock.now();
    if (p.customer && p.customer_email) {
      throw invalidRequest('You may only specify one of these parameters: customer, customer_email.', { param: 'customer_email' });
    }
    const existingCustomer = p.customer ? store.get<CustomerObject>('customer', p.customer) : undefined;
    if (p.customer && !existingCustomer) throw resourceMissing('customer', p.customer, 'customer');
    if (p.customer_update && !p.customer) {
      throw invalidRequest('`customer_update` can only be used with `customer`.', { param: 'customer_update' });
    }
    const automaticTax = p.automatic_tax?.enabled ?? false;
    // Stripe needs a location for tax: the customer's address, or one Checkout may save on it.
    const fixedTaxCountry = existingCustomer && p.customer_update?.address !== 'auto' ? customerTaxCountry(existingCustomer) : null;
    if (automaticTax && existingCustomer && p.customer_update?.address !== 'auto' && !fixedTaxCountry) {
      throw invalidRequest(
        "Automatic tax calculation in Checkout requires a valid address on the Customer. Add a valid address to the Customer or set either `customer_update[address]` to 'auto' or `customer_update[shipping]` to 'auto' to save the address entered in Checkout to the Customer.",
        { param: 'automatic_tax[enabled]' },
      );
    }
    if (p.invoice_creation && p.mode !== 'payment') {
      throw invalidRequest('`invoice_creation` can only be used in `payment` mode.', { param: 'invoice_creation' });
    }
    if (p.customer_creation && p.mode !== 'payment') {
      throw invalidRequest('`customer_creation` can only be used in `payment` mode.', { param: 'customer_creation' });
    }
    if (p.payment_intent_data && p.mode !== 'payment') {
      throw invalidRequest('`payment_intent_data` can only be used in `payment` mode.', { param: 'payment_intent_data' });
    }
    if (p.subscription_data && p.mode !== 'subscription') {
      throw invalidRequest('`subscription_data` can only be used in `subscription` mode.', { param: 'subscription_data' });
    }
    if (p.subscription_data?.trial_end != null && p.subscription_data.trial_period_days != null) {
      throw invalidRequest('You may only specify one of these parameters: subscription_data[trial_end], subscription_data[trial_period_days].', {
        param: 'subscription_data[trial_end]',
      });
    }
    // Stripe: a trial_end at least 48 hours after the session is created.
    if (p.subscription_data?.trial_end != null && p.subscription_data.trial_end < now + 48 * 3600) {
      throw invalidRequest('`subscription_data[trial_end]` must be at least 48 hours in the future.', { param: 'subscription_data[trial_end]' });
    }
    if (p.payment_method_collection && p.mode === 'setup') {
      throw invalidRequest('`payment_method_collection` cannot be used in `setup` mode.', { param: 'payment_method_collection' });
    }
    if (p.discounts && p.allow_promotion_codes) {
      throw invalidRequest('You may only specify one of these parameters: allow_promotion_codes, discounts.', { param: 'discounts' });
    }
    if (p.discounts && p.discounts.length > 1) {
      throw invalidRequest('You may only apply one discount to a Checkout Session.', { param: 'discounts' });
    }
    const discount = p.discounts?.[0] ? resolveDiscountParam(sandbox, p.discounts[0], 'discounts[0]') : null;
    if (p.success_url) checkUrl(p.success_url, 'success_url');
    if (p.cancel_url) checkUrl(p.cancel_url, 'cancel_url');
    if (p.expires_at != null && (p.expires_at < now + MIN_EXPIRY_S || p.expires_at > now + MAX_EXPIRY_S)) {
      throw invalidRequest(
        'The `expires_at` timestamp must be at least 30 minutes and at most 24 hours after Checkout Session creation.',
        { param: 'expires_at' },
      );
    }
    const embedded = p.ui_mode === 'embedded';
    if (embedded && p.success_url) {
      throw invalidRequest('`success_url` cannot be used with `ui_mode: embedded`; use `return_url`.', { param: 'success_url' });
    }
    if (embedded && !p.return_url) {
      throw invalidRequest('Missing required param: return_url (required with `ui_mode: embedded`).', { code: 'parameter_missing', param: 'return_url' });
    }
    if (!embedded && p.return_url) {
      throw invalidRequest('`return_url` can only be used with `ui_mode: embedded`.', { param: 'return_url' });
    }
    if (p.return_url) checkUrl(p.return_url, 'return_url');
    if (p.setup_intent_data && p.mode !== 'setup') {
      throw invalidRequest('`setup_intent_data` can only be used in `setup` mode.', { param: 'setup_intent_data' });
    }
    if (p.mode === 'setup') {
      if (p.line_items?.length) throw invalidRequest('`line_items` cannot be used in `setup` mode.', { param: 'line_items' });
      if (p.discounts || p.allow_promotion_codes) throw invalidRequest('Discounts cannot be used in `setup` mode.', { param: 'discounts' });
    } else if (!p.line_items || p.line_items.length === 0) {
      throw invalidRequest('Missing required param: line_items.', { code: 'parameter_missing', param: 'line_items' });
    }

    const prices = (p.line_items ?? []).map((li, i) => {
      if (li.price && li.price_data) {
        throw invalidRequest('You may only specify one of these parameters: price, price_data.', { param: `line_items[${i}][price]` });
      }
      if (li.price_data) {
        // Stripe makes an inactive, one-off price (and product) for the session.
        const d = li.price_data;
        if (d.product && d.product_data) {
          throw invalidRequest('You may only specify one of these parameters: product, product_data.', { param: `line_items[${i}][price_data][product]` });
        }
        if (d.unit_amount == null) {
          throw invalidRequest('Missing required param: line_items[' + i + '][price_data][unit_amount].', { code: 'parameter_missing', param: `line_items[${i}][price_data][unit_amount]` });
        }
        const productId = d.product ?? (d.product_data ? createProductFromData(sandbox, d.product_data).id : null);
        if (!productId) {
          throw invalidRequest('Missing required param: line_items[' + i + '][price_data][product_data].', { code: 'parameter_missing', param: `line_items[${i}][price_data][product_data]` });
        }
        return createPrice(sandbox, {
          product: productId,
          currency: d.currency,
          unit_amount: d.unit_amount,
          recurring: d.recurring ?? null,
          tax_behavior: d.tax_behavior ?? null,
          metadata: d.metadata ?? null,
          active: false,
        } as Parameters<typeof createPrice>[1]);
      }
      if (!li.price) throw invalidRequest(`Missing required param: line_items[${i}][price].`, { code: 'parameter_missing', param: `line_items[${i}][price]` });
      const price = store.get<PriceObject>('price', li.price);
      if (!price) throw resourceMissing('price', li.price, `line_items[${i}][price]`);
      if (!price.active && !li.price_data) {
        throw invalidRequest('The price specified is inactive. This field only accepts active prices.', {
          param: `line_items[${i}][price]`,
        });
      }
      if (p.mode === 'payment' && price.type === 'recurring') {
        throw invalidRequest(
          'You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.',
          { param: `line_items[${i}][price]` },
        );
      }
      return price;
    });
    if (p.mode === 'subscription' && prices.some((pr) => pr.type !== 'recurring')) {
      throw invalidRequest(
        'One-time prices in `subscription` mode (added to the first invoice) are not implemented by the sandbox.',
        { param: 'line_items' },
      );
    }
    if (p.mode === 'subscription' && !prices.some((pr) => pr.type === 'recurring')) {
      throw invalidRequest('You must provide at least one recurring price in `subscription` mode when using prices.', {
        param: 'line_items',
      });
    }
    const currency = p.currency ?? prices[0]?.currency ?? 'usd';
    const id = ids.checkoutSession();
    const lineItems: LineItemObject[] = (p.line_items ?? []).map((li, i) => {
      const price = prices[i] as PriceObject;
      const unit = priceAmountIn(sandbox, price, currency);
      if (unit === null) {
        throw invalidRequest(
          `The price \`${price.id}\` is in ${price.currency} and has no \`currency_options\` entry for ${currency}; all line items must share the session's currency.`,
          { param: `line_items[${i}][price]` },
        );
      }
      const product = store.get<ProductObject>('product', String(price.product));
      const amount = unit * li.quantity;
      return {
        id: `li_${id.slice(8, 32)}${i}`,
        object: 'item',
        adjustable_quantity: null,
        amount_discount: 0,
        amount_subtotal: amount,
        amount_tax: 0,
        amount_total: amount,
        currency,
        description: product?.name ?? null,
        metadata: {},
        price: clone(price),
        quantity: li.quantity,
      } satisfies LineItemObject;
    });
    const total = lineItems.reduce((sum, li) => sum + li.amount_total, 0);
    if (p.mode === 'payment' && total > 0 && total < minimumCharge(currency)) {
      throw invalidRequest(
        `The Checkout Session's total amount due must add up to at least ${formatMoney(minimumCharge(currency), currency)} ${currency}`,
        { code: 'amount_too_small', param: 'line_items' },
      );
    }
    // Stripe computes the eligible methods dynamically; the sandbox account has cards
    // everywhere and ACH Direct Debit for USD. `allowed_payment_method_types` filters that set.
    const eligible = currency === 'usd' ? ['card', 'us_bank_account'] : currency === 'eur' ? ['card', 'sepa_debit'] : ['card'];
    const methods = eligible.filter((m) => !p.allowed_payment_method_types || (p.allowed_payment_method_types as string[]).includes(m));
    if (methods.length === 0) {
      throw invalidRequest(`None of the allowed payment method types can be used with ${currency}.`, {
        param: 'allowed_payment_method_types',
      });
    }

    const setup = p.mode === 'setup';
    const session = {
      id,
      object: 'checkout.session',
      adaptive_pricing: { enabled: false },
      after_expiration: null,
      allow_promotion_codes: p.allow_promotion_codes ?? null,
      allowed_payment_method_types: p.allowed_payment_method_types ?? null,
      amount_subtotal: setup ? null : total,
      amount_total: setup ? null : total,
      automatic_tax: automaticTax
        ? { enabled: true, liability: { type: 'self' }, provider: 'stripe', status: 'requires_location_inputs' }
        : { enabled: false, liability: null, provider: null, status: null },
      billing_address_collection: p.billing_address_collection ?? null,
      cancel_url: p.cancel_url ?? null,
      client_reference_id: p.client_reference_id ?? null,
      client_secret: embedded ? `${id}_secret_${ids.clientSecret(id).split('_secret_')[1]}` : null,
      collected_information: null,
      consent: null,
      consent_collection: null,
      created: now,
      currency: setup && !p.currency ? null : currency,
      currency_conversion: null,
      custom_fields: [],
      custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
      customer: p.customer ?? null,
      customer_account: null,
      customer_creation: p.mode === 'payment' ? (p.customer ? null : (p.customer_creation ?? 'if_required')) : null,
      customer_details: p.customer_email
        ? { address: null, business_name: null, email: p.customer_email, individual_name: null, name: null, phone: null, tax_exempt: 'none', tax_ids: null }
        : null,
      customer_email: p.customer_email ?? null,
      discounts: [],
      expires_at: p.expires_at ?? now + MAX_EXPIRY_S,
      integration_identifier: null,
      invoice: null,
      invoice_creation:
        p.mode === 'payment'
          ? {
              enabled: p.invoice_creation?.enabled ?? false,
              invoice_data: {
                account_tax_ids: null,
                custom_fields: null,
                description: p.invoice_creation?.invoice_data?.description ?? null,
                footer: p.invoice_creation?.invoice_data?.footer ?? null,
                issuer: null,
                metadata: p.invoice_creation?.invoice_data?.metadata ?? {},
                rendering_options: null,
              },
            }
          : null,
      livemode: false,
      locale: p.locale ?? null,
      managed_payments: null,
      metadata: p.metadata ?? {},
      mode: p.mode,
      origin_context: null,
      payment_intent: null,
      payment_link: null,
      payment_method_collection: p.mode === 'subscription' ? (p.payment_method_collection ?? 'always') : p.mode === 'setup' ? null : (p.payment_method_collection ?? null),
      payment_method_configuration_details: null,
      payment_method_options: {},
      payment_method_types: methods,
      payment_status: setup ? 'no_payment_required' : 'unpaid',
      permissions: null,
      phone_number_collection: { enabled: false },
      recovered_from: null,
      saved_payment_method_options: null,
      setup_intent: null,
      shipping_address_collection: null,
      shipping_cost: null,
      shipping_options: [],
      status: 'open',
      submit_type: p.submit_type ?? null,
      subscription: null,
      success_url: p.success_url ?? null,
      ...(embedded ? { return_url: p.return_url ?? '', redirect_on_completion: 'always' as const } : {}),
      total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
      ui_mode: embedded ? 'embedded' : 'hosted',
      // Embedded sessions have no URL (Stripe.js mounts them with the client_secret); the
      // sandbox still serves its page at /c/pay/:id for tests.
      url: embedded ? null : `${sandbox.config.publicUrl}/c/pay/${id}`,
      wallet_options: null,
    } satisfies SessionObject;
    if (discount && !eligibleItems(sandbox, discount.coupon, lineItems.map(itemProduct)).some(Boolean)) {
      throw invalidRequest(`The coupon ${discount.coupon.id} does not apply to any of the line items.`, { param: 'discounts[0]' });
    }
    store.setInternal(SESSION_LINE_ITEMS, id, lineItems);
    store.setInternal(SESSION_EXTRAS, id, {
      payment_intent_data: p.payment_intent_data,
      subscription_data: p.subscription_data,
      setup_intent_data: p.setup_intent_data,
      customer_update: p.customer_update,
      payment_intent_accepted: (acceptedParams().payment_intent_data as Record<string, unknown> | undefined) ?? null,
    });
    save(sandbox, session);
    if (automaticTax && fixedTaxCountry) applySessionTax(sandbox, session, fixedTaxCountry);
    if (discount) applySessionDiscount(sandbox, session, discount);
    return clone(session);
  });

  router.get('/v1/checkout/sessions/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    return clone(refreshExpiry(sandbox, findOrThrow<SessionObject>(sandbox, 'checkout.session', params.id ?? '')));
  });

  router.get('/v1/checkout/sessions/:id/line_items', ({ params, input }) => {
    const p = s.decodeShape(s.listParams, input);
    findOrThrow<SessionObject>(sandbox, 'checkout.session', params.id ?? '');
    const items = sessionLineItems(sandbox, params.id ?? '');
    return paginate(clone(items), p, `/v1/checkout/sessions/${params.id}/line_items`, 'line_item');
  });

  router.post('/v1/checkout/sessions/:id/expire', ({ params, input }) => {
    s.decodeShape({}, input);
    return clone(expireSession(sandbox, findOrThrow<SessionObject>(sandbox, 'checkout.session', params.id ?? '')));
  });

  router.post('/v1/checkout/sessions/:id', ({ params, input }) => {
    const p = s.decodeShape({ metadata: s.metadata() }, input);
    const session = findOrThrow<SessionObject>(sandbox, 'checkout.session', params.id ?? '');
    session.metadata = s.mergeMetadata(session.metadata, p.metadata);
    save(sandbox, session);
    return clone(session);
  });

  router.get('/v1/checkout/sessions', ({ input }) => {
    const p = s.decodeShape(
      {
        ...s.listParams,
        payment_intent: s.string(),
        customer: s.string(),
        status: s.oneOf(['open', 'complete', 'expired'] as const),
        created: s.range(),
        subscription: s.string(),
      },
      input,
    );
    const items = store
      .all<SessionObject>('checkout.session')
      .map((cs) => refreshExpiry(sandbox, cs))
      .filter((cs) => p.payment_intent == null || cs.payment_intent === p.payment_intent)
      .filter((cs) => p.customer == null || cs.customer === p.customer)
      .filter((cs) => p.subscription == null || cs.subscription === p.subscription)
      .filter((cs) => p.status == null || cs.status === p.status)
      .filter((cs) => inRange(cs.created, p.created));
    return paginate(items, p, '/v1/checkout/sessions', 'checkout.session');
  });
}
