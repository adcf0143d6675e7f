import type Stripe from 'stripe';
import { changedAttributes } from '../core/events';
import { invalidRequest, resourceMissing } from '../core/errors';
import { ids } from '../core/ids';
import { inRange, paginate } from '../core/list';
import { clone, findOrThrow, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import type { Wire } from '../core/wire';

export type PriceObject = Wire<Stripe.Price>;
type CurrencyOptions = Record<string, Wire<Stripe.Price.CurrencyOptions>>;

/**
 * `currency_options` is an includable field: Stripe leaves it out unless the request asks
 * for `expand[]=currency_options`. We keep it here and add it on expansion.
 */
export const PRICE_CURRENCY_OPTIONS = 'price_currency_options';

export const recurringSpec = s.object({
  interval: s.required(s.oneOf(['day', 'week', 'month', 'year'] as const)),
  interval_count: s.integer({ min: 1 }),
  trial_period_days: s.integer({ min: 1 }),
  usage_type: s.oneOf(['licensed', 'metered'] as const),
});

const currencyOptionSpec = s.object({
  unit_amount: s.integer({ min: 0 }),
  unit_amount_decimal: s.string(),
  tax_behavior: s.oneOf(['exclusive', 'inclusive', 'unspecified'] as const),
});

export interface CreatePriceArgs {
  product: string;
  currency: string;
  unit_amount: number | null;
  recurring?: {
    interval: 'day' | 'week' | 'month' | 'year';
    interval_count?: number | null;
    trial_period_days?: number | null;
    usage_type?: 'licensed' | 'metered' | null;
  } | null;
  currency_options?: Record<string, { unit_amount?: number | null; unit_amount_decimal?: string | null; tax_behavior?: string | null }> | null;
  metadata?: Record<string, string> | null;
  nickname?: string | null;
  lookup_key?: string | null;
  transfer_lookup_key?: boolean | null;
  active?: boolean | null;
  tax_behavior?: 'exclusive' | 'inclusive' | 'unspecified' | null;
}

function claimLookupKey(sandbox: Sandbox, key: string, transfer: boolean, ownerId: string | null): void {
  const holder = sandbox.store.all<PriceObject>('price').find((p) => p.lookup_key === key && p.id !== ownerId);
  if (!holder) return;
  if (!transfer) {
    throw invalidRequest(
      `A price (\`${holder.id}\`) already uses that lookup key. Set \`transfer_lookup_key\` to true to move it.`,
      { param: 'lookup_key' },
    );
  }
  const before = clone(holder);
  holder.lookup_key = null;
  save(sandbox, holder);
  sandbox.events.emit('price.updated', holder, changedAttributes(before, holder));
}

function toCurrencyOptions(
  base: { currency: string; unit_amount: number | null; tax_behavior: string | null },
  extra: CreatePriceArgs['currency_options'],
): CurrencyOptions {
  const out: CurrencyOptions = {
    [base.currency]: {
      custom_unit_amount: null,
      tax_behavior: base.tax_behavior,
      unit_amount: base.unit_amount,
      unit_amount_decimal: base.unit_amount === null ? null : String(base.unit_amount),
    },
  };
  for (const [ccy, opt] of Object.entries(extra ?? {})) {
    const amount = opt.unit_amount ?? (opt.unit_amount_decimal ? Number(opt.unit_amount_decimal) : null);
    out[ccy.toLowerCase()] = {
      custom_unit_amount: null,
      tax_behavior: opt.tax_behavior ?? base.tax_behavior,
      unit_amount: amount,
      unit_amount_decimal: amount === null ? null : String(amount),
    };
  }
  return out;
}

/** A product made inline (`product_data` on prices and on Checkout's `price_data`). */
export function createProductFromData(
  sandbox: Sandbox,
  d: { name: string; description?: string | null; metadata?: Record<string, string> | null; active?: boolean | null },
): Wire<Stripe.Product> {
  const now = sandbox.clock.now();
  const product = {
    id: ids.product(),
    object: 'product',
    active: d.active ?? true,
    created: now,
    default_price: null,
    description: d.description ?? null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: d.metadata ?? {},
    name: d.name,
    package_dimensions: null,
    shippable: null,
    tax_details: null,
    type: 'service',
    updated: now,
    url: null,
  } satisfies Wire<Stripe.Product>;
  save(sandbox, product);
  sandbox.events.emit('product.created', product);
  return product;
}

/** Shared by `POST /v1/prices` and `default_price_data` on products. */
export function createPrice(sandbox: Sandbox, a: CreatePriceArgs): PriceObject {
  if (!sandbox.store.get('product', a.product)) throw resourceMissing('product', a.product, 'product');
  if (a.unit_amount === null) throw invalidRequest('Missing required param: unit_amount.', { code: 'parameter_missing', param: 'unit_amount' });
  if (a.lookup_key) claimLookupKey(sandbox, a.lookup_key, a.transfer_lookup_key ?? false, null);
  const id = ids.price();
  const price = {
    id,
    object: 'price',
    active: a.active ?? true,
    billing_scheme: 'per_unit',
    created: sandbox.clock.now(),
    currency: a.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: a.lookup_key ?? null,
    metadata: a.metadata ?? {},
    nickname: a.nickname ?? null,
    product: a.product,
    recurring: a.recurring
      ? {
          interval: a.recurring.interval,
          interval_count: a.recurring.interval_count ?? 1,
          meter: null,
          trial_period_days: a.recurring.trial_period_days ?? null,
          usage_type: a.recurring.usage_type ?? 'licensed',
        }
      : null,
    tax_behavior: a.tax_behavior ?? 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: a.recurring ? 'recurring' : 'one_time',
    unit_amount: a.unit_amount,
    unit_amount_decimal: String(a.unit_amount),
  } satisfies PriceObject;
  sandbox.store.setInternal(PRICE_CURRENCY_OPTIONS, id, toCurrencyOptions(price, a.currency_options));
  save(sandbox, price);
  sandbox.events.emit('price.created', price);
  return price;
}

/** The unit amount of a price in one of its currencies, or null if it has no such option. */
export function priceAmountIn(sandbox: Sandbox, price: PriceObject, currency: string): number | null {
  if (price.currency === currency) return price.unit_amount;
  const opts = sandbox.store.internal<CurrencyOptions>(PRICE_CURRENCY_OPTIONS)[price.id];
  return opts?.[currency]?.unit_amount ?? null;
}

export function priceCurrencies(sandbox: Sandbox, price: PriceObject): string[] {
  const opts = sandbox.store.internal<CurrencyOptions>(PRICE_CURRENCY_OPTIONS)[price.id];
  return opts ? Object.keys(opts) : [price.currency];
}

export function registerPrices(sandbox: Sandbox): void {
  const { router, store, events } = sandbox;

  sandbox.expand('price', 'currency_options', (sb, parent) =>
    clone(sb.store.internal<CurrencyOptions>(PRICE_CURRENCY_OPTIONS)[String(parent.id)] ?? {}),
  );

  router.post('/v1/prices', ({ input }) => {
    const p = s.decodeShape(
      {
        currency: s.required(s.currency()),
        unit_amount: s.integer({ min: 0 }),
        unit_amount_decimal: s.string(),
        product: s.string(),
        product_data: s.object({ name: s.required(s.string()), metadata: s.metadata(), active: s.boolean() }),
        recurring: recurringSpec,
        currency_options: s.record(currencyOptionSpec),
        active: s.boolean(),
        nickname: s.string(),
        metadata: s.metadata(),
        lookup_key: s.string({ max: 200 }),
        transfer_lookup_key: s.boolean(),
        tax_behavior: s.oneOf(['exclusive', 'inclusive', 'unspecified'] as const),
      },
      input,
    );
    let productId = p.product ?? null;
    if (productId && p.product_data) {
      throw invalidRequest('You may only specify one of these parameters: product, product_data.', { param: 'product' });
    }
    if (!productId && p.product_data) {
      productId = createProductFromData(sandbox, p.product_data).id;
    }
    if (!productId) throw invalidRequest('Missing required param: product.', { code: 'parameter_missing', param: 'product' });
    const unitAmount = p.unit_amount ?? (p.unit_amount_decimal != null ? Number(p.unit_amount_decimal) : null);
    return clone(
      createPrice(sandbox, {
        product: productId,
        currency: p.currency,
        unit_amount: unitAmount,
        recurring: p.recurring ?? null,
        currency_options: p.currency_options ?? null,
        metadata: p.metadata ?? null,
        nickname: p.nickname ?? null,
        lookup_key: p.lookup_key ?? null,
        transfer_lookup_key: p.transfer_lookup_key ?? null,
        active: p.active ?? null,
        tax_behavior: p.tax_behavior ?? null,
      }),
    );
  });

  router.get('/v1/prices/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    return findOrThrow<PriceObject>(sandbox, 'price', params.id ?? '');
  });

  router.post('/v1/prices/:id', ({ params, input }) => {
    const p = s.decodeShape(
      {
        active: s.boolean(),
        nickname: s.string(),
        metadata: s.metadata(),
        lookup_key: s.string({ max: 200 }),
        transfer_lookup_key: s.boolean(),
        currency_options: s.record(currencyOptionSpec),
        tax_behavior: s.oneOf(['exclusive', 'inclusive', 'unspecified'] as const),
      },
      input,
    );
    const current = findOrThrow<PriceObject>(sandbox, 'price', params.id ?? '');
    const before = clone(current);
    if (p.lookup_key) claimLookupKey(sandbox, p.lookup_key, p.transfer_lookup_key ?? false, current.id);
    const next: PriceObject = {
      ...current,
      ...(p.active !== undefined && { active: p.active ?? true }),
      ...(p.nickname !== undefined && { nickname: p.nickname }),
      ...(p.lookup_key !== undefined && { lookup_key: p.lookup_key }),
      ...(p.tax_behavior !== undefined && { tax_behavior: p.tax_behavior }),
      metadata: s.mergeMetadata(current.metadata, p.metadata),
    };
    if (p.currency_options) {
      const existing = store.internal<CurrencyOptions>(PRICE_CURRENCY_OPTIONS)[current.id] ?? {};
      store.setInternal(PRICE_CURRENCY_OPTIONS, current.id, {
        ...existing,
        ...toCurrencyOptions(current, p.currency_options),
      });
    }
    save(sandbox, next);
    const changed = changedAttributes(before, next);
    if (Object.keys(changed).length > 0 || p.currency_options) events.emit('price.updated', next, changed);
    return clone(next);
  });

  router.get('/v1/prices', ({ input }) => {
    const p = s.decodeShape(
      {
        ...s.listParams,
        active: s.boolean(),
        currency: s.currency(),
        product: s.string(),
        type: s.oneOf(['one_time', 'recurring'] as const),
        lookup_keys: s.array(s.string()),
        created: s.range(),
        recurring: s.object({ interval: s.oneOf(['day', 'week', 'month', 'year'] as const), usage_type: s.oneOf(['licensed', 'metered'] as const) }),
      },
      input,
    );
    if (p.lookup_keys && p.lookup_keys.length > 10) {
      throw invalidRequest('You may pass at most 10 lookup keys.', { param: 'lookup_keys' });
    }
    const items = store
      .all<PriceObject>('price')
      .filter((o) => p.active == null || o.active === p.active)
      .filter((o) => !p.currency || o.currency === p.currency)
      .filter((o) => !p.product || o.product === p.product)
      .filter((o) => !p.type || o.type === p.type)
      .filter((o) => !p.lookup_keys || (o.lookup_key !== null && p.lookup_keys.includes(o.lookup_key)))
      .filter((o) => !p.recurring?.interval || o.recurring?.interval === p.recurring.interval)
      .filter((o) => !p.recurring?.usage_type || o.recurring?.usage_type === p.recurring.usage_type)
      .filter((o) => inRange(o.created, p.created));
    return paginate(items, p, '/v1/prices', 'price');
  });
}
