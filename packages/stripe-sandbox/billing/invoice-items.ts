import type Stripe from 'stripe';
import { changedAttributes } from '../core/events';
import { invalidRequest } from '../core/errors';
import { newId } from '../core/ids';
import { clone, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import type { Wire } from '../core/wire';
import type { CustomerObject } from '../resources/customers';
import { buildInvoice, createInvoice, INVOICE_LINES, invoiceLines } from './invoices';
import type { InvoiceLineObject, InvoiceObject } from './model';

export type InvoiceItemObject = Wire<Stripe.InvoiceItem>;

/** The invoice line an invoice item becomes. */
export function lineFromItem(item: InvoiceItemObject, invoiceId: string): InvoiceLineObject {
  return {
    id: newId('il'),
    object: 'line_item',
    amount: item.amount,
    currency: item.currency,
    description: item.description,
    discount_amounts: [],
    discountable: item.discountable,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: { ...(item.metadata ?? {}) },
    parent: {
      type: 'invoice_item_details',
      invoice_item_details: { invoice_item: item.id, proration: false, proration_details: { credited_items: null }, subscription: null },
      subscription_item_details: null,
    },
    period: { ...item.period },
    pretax_credit_amounts: [],
    pricing: item.pricing ? { ...item.pricing, price_details: item.pricing.price_details ? { ...item.pricing.price_details } : undefined } as InvoiceLineObject['pricing'] : null,
    quantity: item.quantity,
    quantity_decimal: item.quantity_decimal,
    subscription: null,
    subtotal: item.amount,
    taxes: [],
  };
}

/**
 * Recomputes a draft invoice from its lines (after invoice items were added, changed or
 * removed): amounts, taxes and the embedded `lines`; `invoice.updated`.
 */
export function refreshDraft(sandbox: Sandbox, invoice: InvoiceObject, emit = true): void {
  const before = clone(invoice);
  const lines = invoiceLines(sandbox, invoice.id);
  const rebuilt = buildInvoice(sandbox, {
    id: invoice.id,
    customerId: String(invoice.customer),
    currency: invoice.currency,
    reason: invoice.billing_reason ?? 'manual',
    lines,
    discounts: { discountIds: [], totalDiscounts: [] },
    parent: invoice.parent,
    testClock: typeof invoice.test_clock === 'string' ? invoice.test_clock : null,
    automaticTax: invoice.automatic_tax.enabled,
  });
  sandbox.store.setInternal(INVOICE_LINES, invoice.id, lines);
  for (const key of [
    'amount_due', 'amount_remaining', 'subtotal', 'subtotal_excluding_tax', 'total', 'total_excluding_tax', 'total_taxes', 'lines', 'period_start', 'period_end',
  ] as const) {
    (invoice as Record<string, unknown>)[key] = rebuilt[key];
  }
  save(sandbox, invoice);
  const changed = changedAttributes(before, invoice);
  if (emit && Object.keys(changed).length > 0) sandbox.events.emit('invoice.updated', invoice, changed);
}

/** Adds an invoice item to a draft invoice as a line. */
export function addItemToDraft(sandbox: Sandbox, invoice: InvoiceObject, item: InvoiceItemObject, emit = true): void {
  if (invoice.status !== 'draft') {
    throw invalidRequest(`Invoice ${invoice.id} is ${invoice.status}; invoice items can only be added to draft invoices.`, {
      code: 'invoice_not_editable',
      param: 'invoice',
    });
  }
  if (invoice.currency !== item.currency) {
    throw invalidRequest(`The invoice item's currency (${item.currency}) must match the invoice's (${invoice.currency}).`, { param: 'currency' });
  }
  item.invoice = invoice.id;
  save(sandbox, item);
  sandbox.store.setInternal(INVOICE_LINES, invoice.id, [...invoiceLines(sandbox, invoice.id), lineFromItem(item, invoice.id)]);
  refreshDraft(sandbox, invoice, emit);
}

/** Removes (or replaces, after an update) an invoice item's line on its draft invoice. */
export function syncItemLine(sandbox: Sandbox, item: InvoiceItemObject, removed: boolean): void {
  const invoice = typeof item.invoice === 'string' ? sandbox.store.get<InvoiceObject>('invoice', item.invoice) : undefined;
  if (!invoice) return;
  if (invoice.status !== 'draft') {
    throw invalidRequest(`The invoice item is on invoice ${invoice.id}, which is ${invoice.status} and can no longer change.`, { code: 'invoice_not_editable' });
  }
  const lines = invoiceLines(sandbox, invoice.id).filter((l) => l.parent?.invoice_item_details?.invoice_item !== item.id);
  sandbox.store.setInternal(INVOICE_LINES, invoice.id, removed ? lines : [...lines, lineFromItem(item, invoice.id)]);
  refreshDraft(sandbox, invoice);
}

/**
 * A one-off invoice (`POST /v1/invoices`), outside any subscription: a draft with the
 * customer's pending invoice items when `pending_invoice_items_behavior=include`.
 */
export function createOneOffInvoice(
  sandbox: Sandbox,
  customer: CustomerObject,
  a: {
    currency?: string | null;
    description?: string | null;
    footer?: string | null;
    metadata?: Record<string, string> | null;
    auto_advance?: boolean | null;
    default_payment_method?: string | null;
    includePending: boolean;
    automaticTax: boolean;
  },
): InvoiceObject {
  const pending = sandbox.store
    .all<InvoiceItemObject>('invoiceitem')
    .filter((it) => it.customer === customer.id && it.invoice === null)
    .sort((x, y) => x.date - y.date);
  const currency = (a.currency ?? (a.includePending ? pending[0]?.currency : undefined) ?? customer.currency ?? 'usd').toLowerCase();
  const included = a.includePending ? pending.filter((it) => it.currency === currency) : [];
  const id = newId('in');
  const invoice = createInvoice(sandbox, {
    id,
    customerId: customer.id,
    currency,
    reason: 'manual',
    lines: included.map((it) => lineFromItem(it, id)),
    discounts: { discountIds: [], totalDiscounts: [] },
    parent: null,
    testClock: typeof customer.test_clock === 'string' ? customer.test_clock : null,
    automaticTax: a.automaticTax,
    description: a.description ?? null,
    footer: a.footer ?? null,
    metadata: a.metadata ?? {},
    autoAdvance: a.auto_advance ?? false,
    defaultPaymentMethod: a.default_payment_method ?? null,
  });
  for (const it of included) {
    it.invoice = invoice.id;
    save(sandbox, it);
  }
  return invoice;
}
