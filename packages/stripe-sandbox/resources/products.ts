import type Stripe from 'stripe';
import { changedAttributes } from '../core/events';
import { invalidRequest } from '../core/errors';
import { ids } from '../core/ids';
import { inRange, paginate } from '../core/list';
import { clone, findOrThrow, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import type { Wire } from '../core/wire';
import { createPrice, recurringSpec } from './prices';

export type ProductObject = Wire<Stripe.Product>;

const writable = {
  name: s.string({ max: 5000 }),
  description: s.string({ max: 40000 }),
  active: s.boolean(),
  metadata: s.metadata(),
  images: s.array(s.string()),
  url: s.string(),
  unit_label: s.string({ max: 12 }),
  statement_descriptor: s.string({ max: 22 }),
  shippable: s.boolean(),
  tax_code: s.string(),
  marketing_features: s.array(s.object({ name: s.required(s.string({ max: 80 })) })),
};

const createShape = {
  ...writable,
  name: s.required(s.string({ max: 5000 })),
  id: s.string(),
  type: s.oneOf(['good', 'service'] as const),
  default_price_data: s.object({
    currency: s.required(s.currency()),
    unit_amount: s.integer({ min: 0 }),
    recurring: recurringSpec,
    currency_options: s.record(s.object({ unit_amount: s.required(s.integer({ min: 0 })) })),
    metadata: s.metadata(),
  }),
};

export function registerProducts(sandbox: Sandbox): void {
  const { router, store, clock, events } = sandbox;

  router.post('/v1/products', ({ input }) => {
    const p = s.decodeShape(createShape, input);
    const id = p.id ?? ids.product();
    if (store.get('product', id)) {
      throw invalidRequest(`Product already exists.`, { code: 'resource_already_exists', param: 'id' });
    }
    const now = clock.now();
    const product = {
      id,
      object: 'product',
      active: p.active ?? true,
      created: now,
      default_price: null as string | null,
      description: p.description ?? null,
      images: p.images ?? [],
      livemode: false,
      marketing_features: p.marketing_features ?? [],
      metadata: p.metadata ?? {},
      name: p.name,
      package_dimensions: null,
      shippable: p.shippable ?? null,
      statement_descriptor: p.statement_descriptor ?? null,
      tax_code: p.tax_code ?? null,
      tax_details: null,
      type: p.type ?? 'service',
      unit_label: p.unit_label ?? null,
      updated: now,
      url: p.url ?? null,
    } satisfies ProductObject;
    save(sandbox, product);
    events.emit('product.created', product);
    if (p.default_price_data) {
      const d = p.default_price_data;
      const price = createPrice(sandbox, {
        product: id,
        currency: d.currency,
        unit_amount: d.unit_amount ?? null,
        recurring: d.recurring ?? null,
        currency_options: d.currency_options ?? null,
        metadata: d.metadata ?? null,
      });
      product.default_price = price.id;
      save(sandbox, product);
    }
    return clone(product);
  });

  router.get('/v1/products/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    return findOrThrow<ProductObject>(sandbox, 'product', params.id ?? '');
  });

  router.post('/v1/products/:id', ({ params, input }) => {
    const p = s.decodeShape({ ...writable, default_price: s.string() }, input);
    const current = findOrThrow<ProductObject>(sandbox, 'product', params.id ?? '');
    const before = clone(current);
    if (p.name === null) throw invalidRequest('You cannot unset the name of a product.', { param: 'name' });
    if (p.default_price) {
      const price = store.get<{ id: string; object: string; product: string }>('price', p.default_price);
      if (!price || price.product !== current.id) {
        throw invalidRequest(`No such price: '${p.default_price}'`, { code: 'resource_missing', param: 'default_price' });
      }
    }
    const next: ProductObject = {
      ...current,
      ...(p.name !== undefined && { name: p.name }),
      ...(p.description !== undefined && { description: p.description }),
      ...(p.active !== undefined && { active: p.active ?? true }),
      ...(p.images !== undefined && { images: p.images ?? [] }),
      ...(p.url !== undefined && { url: p.url }),
      ...(p.unit_label !== undefined && { unit_label: p.unit_label }),
      ...(p.statement_descriptor !== undefined && { statement_descriptor: p.statement_descriptor }),
      ...(p.shippable !== undefined && { shippable: p.shippable }),
      ...(p.tax_code !== undefined && { tax_code: p.tax_code }),
      ...(p.marketing_features !== undefined && { marketing_features: p.marketing_features ?? [] }),
      ...(p.default_price !== undefined && { default_price: p.default_price }),
      metadata: s.mergeMetadata(current.metadata, p.metadata),
      updated: clock.now(),
    };
    save(sandbox, next);
    const changed = changedAttributes(before, next);
    delete changed.updated;
    if (Object.keys(changed).length > 0) events.emit('product.updated', next, changed);
    return clone(next);
  });

  router.get('/v1/products', ({ input }) => {
    const p = s.decodeShape(
      { ...s.listParams, active: s.boolean(), ids: s.array(s.string()), created: s.range(), shippable: s.boolean(), url: s.string() },
      input,
    );
    const items = store
      .all<ProductObject>('product')
      .filter((o) => p.active == null || o.active === p.active)
      .filter((o) => !p.ids || p.ids.includes(o.id))
      .filter((o) => p.shippable == null || o.shippable === p.shippable)
      .filter((o) => p.url == null || o.url === p.url)
      .filter((o) => inRange(o.created, p.created));
    return paginate(items, p, '/v1/products', 'product');
  });

  router.delete('/v1/products/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    const product = findOrThrow<ProductObject>(sandbox, 'product', params.id ?? '');
    const hasPrices = store.all<{ id: string; object: string; product: string }>('price').some((pr) => pr.product === product.id);
    if (hasPrices) {
      throw invalidRequest('This product cannot be deleted because it has one or more user-created prices.', {
        code: 'product_has_prices',
      });
    }
    store.remove('product', product.id);
    events.emit('product.deleted', product);
    return { id: product.id, object: 'product', deleted: true } satisfies Wire<Stripe.DeletedProduct>;
  });
}
