import { invalidRequest, resourceMissing } from '../core/errors';
import { newId } from '../core/ids';
import { inRange, paginate } from '../core/list';
import { clone, findOrThrow, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import { addItemToDraft, syncItemLine, type InvoiceItemObject } from '../billing/invoice-items';
import type { InvoiceObject } from '../billing/model';
import { customerClockTime } from '../billing/subscriptions';
import type { CustomerObject } from './customers';
import { createPrice, type PriceObject } from './prices';

const periodSpec = s.object({ start: s.required(s.integer({ min: 0 })), end: s.required(s.integer({ min: 0 })) });

/**
 * Invoice items: a one-off charge for a customer, pending until an invoice picks it up
 * (`POST /v1/invoices` with `pending_invoice_items_behavior=include`) or added straight to a
 * draft invoice with `invoice`. Amount from `amount` + `currency`, a one-time `pricing[price]`
 * (× `quantity`), or `price_data`.
 */
export function registerInvoiceItems(sandbox: Sandbox): void {
  const { router, store } = sandbox;
  const itemOrThrow = (id: string) => findOrThrow<InvoiceItemObject>(sandbox, 'invoiceitem', id);

  router.post('/v1/invoiceitems', ({ input }) => {
    const p = s.decodeShape(
      {
        customer: s.required(s.string()),
        amount: s.integer(),
        currency: s.currency(),
        description: s.string({ max: 500 }),
        discountable: s.boolean(),
        invoice: s.string(),
        metadata: s.metadata(),
        period: periodSpec,
        pricing: s.object({ price: s.string() }),
        price_data: s.object({ currency: s.required(s.currency()), product: s.required(s.string()), unit_amount: s.integer({ min: 0 }), tax_behavior: s.oneOf(['exclusive', 'inclusive', 'unspecified'] as const) }),
        quantity: s.integer({ min: 1 }),
        subscription: s.string(),
        tax_behavior: s.oneOf(['exclusive', 'inclusive', 'unspecified'] as const),
      },
      input,
    );
    const customer = store.get<CustomerObject>('customer', p.customer);
    if (!customer) throw resourceMissing('customer', p.customer, 'customer');
    if (p.subscription) {
      throw invalidRequest('Pending invoice items for a subscription (`subscription`) are not implemented by the sandbox; create a one-off invoice instead.', { param: 'subscription' });
    }
    const sources = [p.amount != null, Boolean(p.pricing?.price), Boolean(p.price_data)].filter(Boolean).length;
    if (sources !== 1) {
      throw invalidRequest('Specify exactly one of `amount` (with `currency`), `pricing[price]` or `price_data`.', { param: 'amount' });
    }
    let price: PriceObject | null = null;
    if (p.pricing?.price) {
      price = store.get<PriceObject>('price', p.pricing.price) ?? null;
      if (!price) throw resourceMissing('price', p.pricing.price, 'pricing[price]');
      if (price.type !== 'one_time') throw invalidRequest('The price specified is recurring; invoice items take one-time prices.', { param: 'pricing[price]' });
    } else if (p.price_data) {
      if (!store.get('product', p.price_data.product)) throw resourceMissing('product', p.price_data.product, 'price_data[product]');
      price = createPrice(sandbox, {
        product: p.price_data.product,
        currency: p.price_data.currency,
        unit_amount: p.price_data.unit_amount ?? 0,
        tax_behavior: p.price_data.tax_behavior ?? p.tax_behavior ?? null,
        active: false,
      } as Parameters<typeof createPrice>[1]);
    } else if (!p.currency) {
      throw invalidRequest('Missing required param: currency.', { code: 'parameter_missing', param: 'currency' });
    }
    const quantity = p.quantity ?? 1;
    const invoice = p.invoice ? store.get<InvoiceObject>('invoice', p.invoice) : undefined;
    if (p.invoice && !invoice) throw resourceMissing('invoice', p.invoice, 'invoice');
    if (invoice && invoice.customer !== customer.id) throw invalidRequest(`Invoice ${invoice.id} belongs to another customer.`, { param: 'invoice' });
    return clone(
      sandbox.clock.at(customerClockTime(sandbox, customer.id), () => {
        const now = sandbox.clock.now();
        const unit = price ? (price.unit_amount ?? 0) : null;
        const item = {
          id: newId('ii'),
          object: 'invoiceitem',
          amount: unit !== null ? unit * quantity : (p.amount ?? 0),
          currency: (price?.currency ?? p.currency ?? 'usd').toLowerCase(),
          customer: customer.id,
          customer_account: null,
          date: now,
          description: p.description ?? null,
          discountable: p.discountable ?? true,
          discounts: [],
          invoice: null as string | null,
          livemode: false,
          metadata: p.metadata ?? {},
          net_amount: unit !== null ? unit * quantity : (p.amount ?? 0),
          parent: null,
          period: p.period ?? { start: now, end: now },
          pricing: price
            ? { type: 'price_details', price_details: { price: price.id, product: String(price.product) }, unit_amount_decimal: String(unit) }
            : { type: 'price_details', unit_amount_decimal: String(p.amount ?? 0) },
          proration: false,
          quantity,
          quantity_decimal: String(quantity),
          tax_rates: [],
          test_clock: customer.test_clock ?? null,
        } satisfies InvoiceItemObject;
        save(sandbox, item);
        sandbox.events.emit('invoiceitem.created', item);
        if (invoice) addItemToDraft(sandbox, invoice, item);
        return item;
      }),
    );
  });

  router.get('/v1/invoiceitems/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    return itemOrThrow(params.id ?? '');
  });

  router.post('/v1/invoiceitems/:id', ({ params, input }) => {
    const p = s.decodeShape({ amount: s.integer(), description: s.string({ max: 500 }), metadata: s.metadata(), quantity: s.integer({ min: 1 }), discountable: s.boolean(), period: periodSpec }, input);
    const item = itemOrThrow(params.id ?? '');
    const invoice = typeof item.invoice === 'string' ? store.get<InvoiceObject>('invoice', item.invoice) : undefined;
    if (invoice && invoice.status !== 'draft') {
      throw invalidRequest(`The invoice item is on invoice ${invoice.id}, which is ${invoice.status} and can no longer change.`, { code: 'invoice_not_editable' });
    }
    const unit = item.pricing?.price_details ? Number(item.pricing.unit_amount_decimal ?? 0) : null;
    if (p.amount != null && unit !== null) throw invalidRequest('This invoice item is priced by a price; change `quantity` instead of `amount`.', { param: 'amount' });
    if (p.quantity != null) {
      item.quantity = p.quantity;
      item.quantity_decimal = String(p.quantity);
      if (unit !== null) item.amount = item.net_amount = unit * p.quantity;
    }
    if (p.amount != null) {
      item.amount = p.amount;
      item.net_amount = p.amount;
      if (item.pricing) item.pricing.unit_amount_decimal = String(p.amount);
    }
    if (p.description !== undefined) item.description = p.description;
    if (p.discountable != null) item.discountable = p.discountable;
    if (p.period) item.period = p.period;
    item.metadata = s.mergeMetadata(item.metadata ?? {}, p.metadata);
    save(sandbox, item);
    sandbox.clock.at(customerClockTime(sandbox, String(item.customer)), () => syncItemLine(sandbox, item, false));
    return clone(item);
  });

  router.delete('/v1/invoiceitems/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    const item = itemOrThrow(params.id ?? '');
    sandbox.clock.at(customerClockTime(sandbox, String(item.customer)), () => {
      syncItemLine(sandbox, item, true);
      store.remove('invoiceitem', item.id);
      sandbox.events.emit('invoiceitem.deleted', { ...item, deleted: true } as never);
    });
    return { id: item.id, object: 'invoiceitem', deleted: true };
  });

  router.get('/v1/invoiceitems', ({ input }) => {
    const p = s.decodeShape({ ...s.listParams, customer: s.string(), invoice: s.string(), pending: s.boolean(), created: s.range() }, input);
    const items = store
      .all<InvoiceItemObject>('invoiceitem')
      .filter((x) => p.customer == null || x.customer === p.customer)
      .filter((x) => p.invoice == null || x.invoice === p.invoice)
      .filter((x) => p.pending == null || (x.invoice === null) === p.pending)
      .filter((x) => inRange(x.date, p.created));
    return paginate(items, p, '/v1/invoiceitems', 'invoiceitem');
  });
}
