import { changedAttributes } from '../core/events';
import { invalidRequest, resourceMissing } from '../core/errors';
import { inRange, paginate } from '../core/list';
import { clone, findOrThrow, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import { unapplyBalanceFromInvoice } from '../billing/customer-balance';
import { attemptInvoicePayment, finalizeInvoice, invoiceLines } from '../billing/invoices';
import { INVOICE_PAYMENTS, type InvoiceObject, type InvoicePaymentObject, type SubscriptionObject } from '../billing/model';
import { chargeablePaymentMethod, customerClockTime } from '../billing/subscriptions';
import { attachPaymentMethod, resolvePaymentMethod } from './payment-methods';
import { createOneOffInvoice, type InvoiceItemObject } from '../billing/invoice-items';
import { requireTaxLocation } from '../billing/tax';
import type { CustomerObject } from './customers';

export function registerInvoices(sandbox: Sandbox): void {
  const { router, store, events } = sandbox;
  const invoiceOrThrow = (id: string) => findOrThrow<InvoiceObject>(sandbox, 'invoice', id);
  const atCustomerTime = <T>(invoice: InvoiceObject, fn: () => T) =>
    sandbox.clock.at(customerClockTime(sandbox, String(invoice.customer)), fn);

  // `payments` is includable in this API version.
  sandbox.expand('invoice', 'payments', (sb, parent) => ({
    object: 'list',
    data: clone(sb.store.internal<InvoicePaymentObject[]>(INVOICE_PAYMENTS)[String(parent.id)] ?? []),
    has_more: false,
    url: `/v1/invoice_payments?invoice=${String(parent.id)}`,
  }));

  const allPayments = () => Object.values(store.internal<InvoicePaymentObject[]>(INVOICE_PAYMENTS)).flat();

  router.get('/v1/invoice_payments/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    const found = allPayments().find((p) => p.id === params.id);
    if (!found) throw resourceMissing('invoice_payment', params.id ?? '');
    return clone(found);
  });

  router.get('/v1/invoice_payments', ({ input }) => {
    const p = s.decodeShape(
      { ...s.listParams, invoice: s.string(), status: s.oneOf(['canceled', 'open', 'paid'] as const), payment: s.object({ type: s.required(s.oneOf(['payment_intent'] as const)), payment_intent: s.string() }), created: s.range() },
      input,
    );
    const items = allPayments()
      .sort((a, b) => b.created - a.created)
      .filter((x) => p.invoice == null || x.invoice === p.invoice)
      .filter((x) => p.status == null || x.status === p.status)
      .filter((x) => !p.payment?.payment_intent || x.payment.payment_intent === p.payment.payment_intent)
      .filter((x) => inRange(x.created, p.created));
    return paginate(clone(items), p, '/v1/invoice_payments', 'invoice_payment');
  });

  /** A one-off invoice outside any subscription: a draft (see `billing/invoice-items.ts`). */
  router.post('/v1/invoices', ({ input }) => {
    const p = s.decodeShape(
      {
        customer: s.required(s.string()),
        auto_advance: s.boolean(),
        automatic_tax: s.object({ enabled: s.required(s.boolean()) }),
        collection_method: s.oneOf(['charge_automatically', 'send_invoice'] as const),
        currency: s.currency(),
        days_until_due: s.integer({ min: 0 }),
        default_payment_method: s.string(),
        description: s.string({ max: 1500 }),
        footer: s.string({ max: 5000 }),
        metadata: s.metadata(),
        pending_invoice_items_behavior: s.oneOf(['exclude', 'include'] as const),
      },
      input,
    );
    const customer = store.get<CustomerObject>('customer', p.customer);
    if (!customer) throw resourceMissing('customer', p.customer, 'customer');
    if (p.collection_method === 'send_invoice') {
      throw invalidRequest('`collection_method: send_invoice` (emailed invoices with a due date) is not implemented by the sandbox.', { param: 'collection_method' });
    }
    if (p.automatic_tax?.enabled) requireTaxLocation(customer);
    if (p.default_payment_method) {
      const pm = store.get<{ id: string; object: string; customer: string | null }>('payment_method', p.default_payment_method);
      if (!pm || pm.customer !== customer.id) {
        throw invalidRequest(`The PaymentMethod ${p.default_payment_method} does not belong to the Customer you supplied ${customer.id}.`, { param: 'default_payment_method' });
      }
    }
    return clone(
      sandbox.clock.at(customerClockTime(sandbox, customer.id), () =>
        createOneOffInvoice(sandbox, customer, {
          ...p,
          includePending: p.pending_invoice_items_behavior === 'include',
          automaticTax: p.automatic_tax?.enabled ?? false,
        }),
      ),
    );
  });

  /** Updates a draft (description, footer, metadata, auto_advance, default_payment_method); metadata on any. */
  router.post('/v1/invoices/:id', ({ params, input }) => {
    const p = s.decodeShape(
      { auto_advance: s.boolean(), default_payment_method: s.string(), description: s.string({ max: 1500 }), footer: s.string({ max: 5000 }), metadata: s.metadata() },
      input,
    );
    const invoice = invoiceOrThrow(params.id ?? '');
    const draftOnly = (['auto_advance', 'default_payment_method', 'description', 'footer'] as const).find((k) => p[k] !== undefined);
    if (draftOnly && invoice.status !== 'draft') {
      throw invalidRequest(`Invoice ${invoice.id} is ${invoice.status}; only metadata can change once it is finalized.`, { code: 'invoice_not_editable', param: draftOnly });
    }
    const before = clone(invoice);
    if (p.auto_advance != null) invoice.auto_advance = p.auto_advance;
    if (p.default_payment_method !== undefined) invoice.default_payment_method = p.default_payment_method || null;
    if (p.description !== undefined) invoice.description = p.description || null;
    if (p.footer !== undefined) invoice.footer = p.footer || null;
    invoice.metadata = s.mergeMetadata(invoice.metadata ?? {}, p.metadata);
    save(sandbox, invoice);
    const changed = changedAttributes(before, invoice);
    if (Object.keys(changed).length > 0) atCustomerTime(invoice, () => events.emit('invoice.updated', invoice, changed));
    return clone(invoice);
  });

  /** Deletes a draft; its invoice items become pending again. */
  router.delete('/v1/invoices/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    const invoice = invoiceOrThrow(params.id ?? '');
    if (invoice.status !== 'draft') {
      throw invalidRequest(`You can only delete draft invoices (this one is ${invoice.status}); void it instead.`, { code: 'invoice_not_editable' });
    }
    for (const item of store.all<InvoiceItemObject>('invoiceitem').filter((it) => it.invoice === invoice.id)) {
      item.invoice = null;
      save(sandbox, item);
    }
    store.remove('invoice', invoice.id);
    atCustomerTime(invoice, () => events.emit('invoice.deleted', invoice));
    return { id: invoice.id, object: 'invoice', deleted: true };
  });

  router.get('/v1/invoices/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    return invoiceOrThrow(params.id ?? '');
  });

  router.get('/v1/invoices/:id/lines', ({ params, input }) => {
    const p = s.decodeShape(s.listParams, input);
    invoiceOrThrow(params.id ?? '');
    return paginate(clone(invoiceLines(sandbox, params.id ?? '')), p, `/v1/invoices/${params.id}/lines`, 'line_item');
  });

  router.get('/v1/invoices', ({ input }) => {
    const p = s.decodeShape(
      {
        ...s.listParams,
        customer: s.string(),
        subscription: s.string(),
        status: s.oneOf(['draft', 'open', 'paid', 'uncollectible', 'void'] as const),
        created: s.range(),
        collection_method: s.oneOf(['charge_automatically', 'send_invoice'] as const),
      },
      input,
    );
    const items = store
      .all<InvoiceObject>('invoice')
      .filter((i) => p.customer == null || i.customer === p.customer)
      .filter((i) => p.subscription == null || i.parent?.subscription_details?.subscription === p.subscription)
      .filter((i) => p.status == null || i.status === p.status)
      .filter((i) => p.collection_method == null || i.collection_method === p.collection_method)
      .filter((i) => inRange(i.created, p.created));
    return paginate(items, p, '/v1/invoices', 'invoice');
  });

  router.post('/v1/invoices/:id/finalize', ({ params, input }) => {
    s.decodeShape({ auto_advance: s.boolean() }, input);
    const invoice = invoiceOrThrow(params.id ?? '');
    return clone(atCustomerTime(invoice, () => finalizeInvoice(sandbox, invoice)));
  });

  /** Pays an open invoice now, with its default PaymentMethod or the one given. */
  router.post('/v1/invoices/:id/pay', ({ params, input }) => {
    const p = s.decodeShape({ payment_method: s.string(), off_session: s.boolean() }, input);
    const invoice = invoiceOrThrow(params.id ?? '');
    if (invoice.status === 'paid') throw invalidRequest('Invoice is already paid.', { code: 'invoice_already_paid' });
    const subId = invoice.parent?.subscription_details?.subscription;
    const sub = typeof subId === 'string' ? store.get<SubscriptionObject>('subscription', subId) : undefined;
    const customer = store.get<CustomerObject>('customer', String(invoice.customer));
    const customerDefault = customer?.invoice_settings.default_payment_method;
    const pmId =
      p.payment_method ??
      (sub
        ? chargeablePaymentMethod(sandbox, sub)
        : (typeof invoice.default_payment_method === 'string' ? invoice.default_payment_method : null) ??
          (typeof customerDefault === 'string' ? customerDefault : null));
    if (!pmId) {
      throw invalidRequest('This invoice has no default payment method; pass payment_method.', { code: 'invoice_no_payment_method_types', param: 'payment_method' });
    }
    atCustomerTime(invoice, () => {
      const pm = resolvePaymentMethod(sandbox, pmId);
      if (p.payment_method && !pm.customer) attachPaymentMethod(sandbox, pm, String(invoice.customer));
      const { error } = attemptInvoicePayment(sandbox, invoice, pm.id, { automatic: false });
      if (error) throw error;
    });
    return clone(invoice);
  });

  router.post('/v1/invoices/:id/void', ({ params, input }) => {
    s.decodeShape({}, input);
    const invoice = invoiceOrThrow(params.id ?? '');
    if (invoice.status !== 'open') throw invalidRequest(`You can only void open invoices (this one is ${invoice.status}).`, { code: 'invoice_not_open' });
    atCustomerTime(invoice, () => {
      const before = clone(invoice);
      Object.assign(invoice, {
        status: 'void',
        next_payment_attempt: null,
        amount_remaining: 0,
        status_transitions: { ...invoice.status_transitions, voided_at: sandbox.clock.now() },
      });
      save(sandbox, invoice);
      unapplyBalanceFromInvoice(sandbox, invoice);
      events.emit('invoice.voided', invoice, changedAttributes(before, invoice));
    });
    return clone(invoice);
  });

  router.post('/v1/invoices/:id/mark_uncollectible', ({ params, input }) => {
    s.decodeShape({}, input);
    const invoice = invoiceOrThrow(params.id ?? '');
    if (invoice.status !== 'open') throw invalidRequest(`You can only mark open invoices uncollectible (this one is ${invoice.status}).`, { code: 'invoice_not_open' });
    atCustomerTime(invoice, () => {
      const before = clone(invoice);
      Object.assign(invoice, {
        status: 'uncollectible',
        next_payment_attempt: null,
        status_transitions: { ...invoice.status_transitions, marked_uncollectible_at: sandbox.clock.now() },
      });
      save(sandbox, invoice);
      events.emit('invoice.marked_uncollectible', invoice, changedAttributes(before, invoice));
    });
    return clone(invoice);
  });
}
