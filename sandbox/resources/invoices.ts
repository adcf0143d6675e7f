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
    const pmId = p.payment_method ?? (sub ? chargeablePaymentMethod(sandbox, sub) : null);
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
