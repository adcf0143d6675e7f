import { changedAttributes } from '../core/events';
import { invalidRequest } from '../core/errors';
import { newId } from '../core/ids';
import { clone, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import { applicableBalance, applyBalanceToInvoice, deferTooSmall, withBalance } from './customer-balance';
import { minimumCharge } from '../payments/minimums';
import { AUTOMATIC_TAX_ON, behaviorOf, customerTaxCountry, lineTax } from './tax';
import { discountOn, spread, type CouponObject, type DiscountObject } from './discounts';
import { confirmPaymentIntent, createPaymentIntent } from '../payments/engine';
import type { PaymentIntentObject } from '../payments/objects';
import type { CustomerObject } from '../resources/customers';
import { resolvePaymentMethod } from '../resources/payment-methods';
import {
  INVOICE_AUTOMATIC_ATTEMPT,
  INVOICE_BY_PAYMENT_INTENT,
  INVOICE_PAYMENTS,
  type InvoiceLineObject,
  type InvoiceObject,
  type InvoicePaymentObject,
  type LineSpec,
  type SubscriptionObject,
} from './model';

export const INVOICE_LINES = 'invoice_lines';
/** Discount ids of `once` coupons already used on an invoice. */
const ONCE_DISCOUNTS_USED = 'discounts_once_used';

/**
 * Applies the subscription's discounts that are still running (`once`: first invoice only;
 * `repeating`: until `end`; `forever`) to the lines, in proportion to their positive amounts.
 */
function applySubscriptionDiscounts(
  sandbox: Sandbox,
  sub: SubscriptionObject,
  lines: InvoiceLineObject[],
  reason: string,
  preview = false,
): { discountIds: string[]; totalDiscounts: Array<{ amount: number; discount: string }> } {
  const now = sandbox.clock.now();
  const used = sandbox.store.internal<boolean>(ONCE_DISCOUNTS_USED);
  const discountIds: string[] = [];
  const totalDiscounts: Array<{ amount: number; discount: string }> = [];
  for (const ref of sub.discounts) {
    const discount = typeof ref === 'string' ? sandbox.store.get<DiscountObject>('discount', ref) : undefined;
    const couponId = discount ? (typeof discount.source.coupon === 'string' ? discount.source.coupon : discount.source.coupon?.id) : undefined;
    const coupon = couponId ? sandbox.store.get<CouponObject>('coupon', couponId) : undefined;
    if (!discount || !coupon) continue;
    if (coupon.duration === 'once' && (used[discount.id] || reason === 'subscription_update')) continue;
    if (discount.end !== null && now >= discount.end) continue;
    const positive = lines.map((l) => Math.max(0, l.amount));
    const off = discountOn(coupon, positive.reduce((a, b) => a + b, 0), sub.currency);
    if (off === 0) continue;
    spread(off, positive).forEach((amount, i) => {
      const line = lines[i];
      if (line && amount > 0) line.discount_amounts = [...(line.discount_amounts ?? []), { amount, discount: discount.id }];
    });
    discountIds.push(discount.id);
    totalDiscounts.push({ amount: off, discount: discount.id });
    if (coupon.duration === 'once' && !preview) sandbox.store.setInternal(ONCE_DISCOUNTS_USED, discount.id, true);
  }
  return { discountIds, totalDiscounts };
}

export function invoiceLines(sandbox: Sandbox, invoiceId: string): InvoiceLineObject[] {
  return sandbox.store.internal<InvoiceLineObject[]>(INVOICE_LINES)[invoiceId] ?? [];
}

function subscriptionLines(sub: SubscriptionObject, id: string, specs: LineSpec[]): InvoiceLineObject[] {
  return specs.map((l) => ({
    id: newId('il'),
    object: 'line_item',
    amount: l.amount,
    currency: sub.currency,
    description: l.description,
    discount_amounts: [],
    discountable: !l.proration,
    discounts: [],
    invoice: id,
    livemode: false,
    metadata: {},
    parent: {
      type: 'subscription_item_details',
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: l.proration,
        proration_details: l.proration ? { credited_items: null } : null,
        subscription: sub.id,
        subscription_item: l.subscriptionItem ?? '',
      },
    },
    period: { start: l.periodStart, end: l.periodEnd },
    pretax_credit_amounts: [],
    pricing: l.price
      ? {
          type: 'price_details',
          price_details: { price: l.price.id, product: String(l.price.product) },
          unit_amount_decimal: String(l.price.unit_amount ?? 0),
        }
      : null,
    quantity: l.quantity,
    quantity_decimal: String(l.quantity),
    subscription: sub.id,
    subtotal: l.amount,
    taxes: [],
  }));
}

function subscriptionInvoiceArgs(
  sandbox: Sandbox,
  sub: SubscriptionObject,
  id: string,
  reason: 'subscription_create' | 'subscription_cycle' | 'subscription_update' | 'upcoming',
  specs: LineSpec[],
): CreateInvoiceArgs {
  const lines = subscriptionLines(sub, id, specs);
  const discounts = applySubscriptionDiscounts(sandbox, sub, lines, reason, reason === 'upcoming');
  return {
    id,
    customerId: String(sub.customer),
    currency: sub.currency,
    reason,
    lines,
    discounts,
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: { metadata: { ...sub.metadata }, subscription: sub.id },
    },
    testClock: typeof sub.test_clock === 'string' ? sub.test_clock : null,
    automaticTax: sub.automatic_tax.enabled,
  };
}

/** Creates a draft invoice for a subscription: `invoice.created`. */
export function createSubscriptionInvoice(
  sandbox: Sandbox,
  sub: SubscriptionObject,
  reason: 'subscription_create' | 'subscription_cycle' | 'subscription_update',
  specs: LineSpec[],
): InvoiceObject {
  return createInvoice(sandbox, subscriptionInvoiceArgs(sandbox, sub, newId('in'), reason, specs));
}

/** The preview Stripe sends in `invoice.upcoming`: not stored, id prefixed `upcoming_in_`. */
export function previewSubscriptionInvoice(sandbox: Sandbox, sub: SubscriptionObject, specs: LineSpec[]): InvoiceObject {
  const invoice = buildInvoice(sandbox, subscriptionInvoiceArgs(sandbox, sub, `upcoming_${newId('in')}`, 'upcoming', specs));
  // A preview shows the customer's balance as it would apply (nothing moves).
  const customer = sandbox.store.get<CustomerObject>('customer', String(sub.customer));
  return { ...invoice, ...withBalance(invoice, applicableBalance(customer, invoice.currency)) };
}

export interface CreateInvoiceArgs {
  id: string;
  customerId: string | null;
  currency: string;
  reason: NonNullable<InvoiceObject['billing_reason']>;
  lines: InvoiceLineObject[];
  discounts: { discountIds: string[]; totalDiscounts: Array<{ amount: number; discount: string }> };
  parent: InvoiceObject['parent'];
  testClock: string | null;
  /** Stripe Tax (the sandbox's table in `tax.ts`) on the customer's address. */
  automaticTax?: boolean;
  /** One-off invoices (`POST /v1/invoices`). */
  description?: string | null;
  footer?: string | null;
  metadata?: Record<string, string>;
  autoAdvance?: boolean;
  defaultPaymentMethod?: string | null;
}

/**
 * Automatic tax on an invoice's lines (after their discounts), from the customer's address:
 * each line gets its `taxes`, the invoice its `total_taxes`. Without a recognisable address
 * nothing is taxed and the status says `requires_location_inputs`.
 */
function taxLines(sandbox: Sandbox, customer: CustomerObject | undefined, lines: InvoiceLineObject[]) {
  const country = customerTaxCountry(customer);
  const totals = new Map<string, InvoiceObject['total_taxes'] extends (infer T)[] | null ? T : never>();
  let exclusive = 0;
  let inclusive = 0;
  for (const line of lines) {
    const priceId = line.pricing?.price_details?.price;
    const price = typeof priceId === 'string' ? sandbox.store.get<{ id: string; object: string; tax_behavior: string | null }>('price', priceId) : undefined;
    const taxable = line.amount - (line.discount_amounts ?? []).reduce((sum, d) => sum + d.amount, 0);
    if (!country) {
      line.taxes = [];
      continue;
    }
    const t = lineTax(sandbox, country, taxable, behaviorOf(price));
    const entry = {
      amount: t.amount,
      tax_behavior: t.behavior,
      tax_rate_details: t.rate ? { tax_rate: t.rate.id } : null,
      taxability_reason: t.reason,
      taxable_amount: t.taxableAmount,
      type: 'tax_rate_details' as const,
    };
    line.taxes = [entry];
    if (t.behavior === 'exclusive') exclusive += t.amount;
    else inclusive += t.amount;
    const key = `${t.rate?.id ?? 'none'}:${t.behavior}`;
    const sum = totals.get(key);
    if (sum) {
      sum.amount += t.amount;
      sum.taxable_amount = (sum.taxable_amount ?? 0) + t.taxableAmount;
    } else totals.set(key, { ...entry });
  }
  const automaticTax: InvoiceObject['automatic_tax'] = country
    ? AUTOMATIC_TAX_ON
    : { disabled_reason: null, enabled: true, liability: { type: 'self' }, provider: 'stripe', status: 'requires_location_inputs' };
  return { exclusive, inclusive, totals: [...totals.values()], automaticTax };
}

/** Builds and stores a draft invoice from its lines: `invoice.created`. */
export function createInvoice(sandbox: Sandbox, a: CreateInvoiceArgs): InvoiceObject {
  const invoice = buildInvoice(sandbox, a);
  sandbox.store.setInternal(INVOICE_LINES, a.id, a.lines);
  save(sandbox, invoice);
  sandbox.events.emit('invoice.created', invoice);
  return invoice;
}

export function buildInvoice(sandbox: Sandbox, a: CreateInvoiceArgs): InvoiceObject {
  const { id, customerId, lines } = a;
  const now = sandbox.clock.now();
  const customer = customerId ? sandbox.store.get<CustomerObject>('customer', customerId) : undefined;
  const { discountIds, totalDiscounts } = a.discounts;
  const subtotal = lines.reduce((sum, l) => sum + l.amount, 0);
  const discountTotal = totalDiscounts.reduce((sum, d) => sum + d.amount, 0);
  const tax = a.automaticTax ? taxLines(sandbox, customer, lines) : null;
  const total = subtotal - discountTotal + (tax?.exclusive ?? 0);
  const periodStart = Math.min(...lines.map((l) => l.period.start), now);
  const periodEnd = Math.max(...lines.map((l) => l.period.end), now);
  const invoice = {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'Bursar (sandbox)',
    account_tax_ids: null,
    amount_due: Math.max(0, total),
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: Math.max(0, total),
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: a.autoAdvance ?? true,
    automatic_tax: tax?.automaticTax ?? { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: a.reason,
    collection_method: 'charge_automatically',
    created: now,
    currency: a.currency,
    custom_fields: null,
    customer: customerId,
    customer_account: null,
    customer_address: customer?.address ?? null,
    customer_email: customer?.email ?? null,
    customer_name: customer?.name ?? null,
    customer_phone: customer?.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    default_payment_method: a.defaultPaymentMethod ?? null,
    default_source: null,
    default_tax_rates: [],
    description: a.description ?? null,
    discounts: discountIds,
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: a.footer ?? null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: clone(lines), has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: a.metadata ?? {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: a.parent,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: periodEnd,
    period_start: periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal,
    subtotal_excluding_tax: subtotal - (tax?.inclusive ?? 0),
    test_clock: a.testClock,
    total,
    total_discount_amounts: totalDiscounts,
    total_excluding_tax: total - (tax?.exclusive ?? 0) - (tax?.inclusive ?? 0),
    total_pretax_credit_amounts: [],
    total_taxes: tax?.totals ?? [],
    webhooks_delivered_at: null,
  } satisfies InvoiceObject;
  return invoice;
}

function nextNumber(sandbox: Sandbox, customerId: string): string {
  const customer = sandbox.store.get<CustomerObject>('customer', customerId);
  if (!customer) return `SBX-${Date.now()}`;
  const seq = customer.next_invoice_sequence ?? 1;
  customer.next_invoice_sequence = seq + 1;
  save(sandbox, customer);
  return `${customer.invoice_prefix ?? 'SBX'}-${String(seq).padStart(4, '0')}`;
}

/** Draft → open: number, hosted page and PDF links, and the PaymentIntent that will collect it. */
export function finalizeInvoice(sandbox: Sandbox, invoice: InvoiceObject, opts: { applyBalance?: boolean } = {}): InvoiceObject {
  if (invoice.status !== 'draft') {
    throw invalidRequest(`This invoice is already finalized (status ${invoice.status}).`, { code: 'invoice_not_editable' });
  }
  const before = clone(invoice);
  if (opts.applyBalance ?? true) applyBalanceToInvoice(sandbox, invoice);
  else Object.assign(invoice, withBalance(invoice, 0));
  // Stripe does not charge less than the currency's minimum: the amount goes to the
  // customer's balance (`invoice_too_small`) and the invoice is paid at 0.
  if (invoice.amount_due > 0 && invoice.amount_due < minimumCharge(invoice.currency) && (opts.applyBalance ?? true)) {
    deferTooSmall(sandbox, invoice);
  }
  const base = sandbox.config.publicUrl;
  Object.assign(invoice, {
    status: 'open',
    number: nextNumber(sandbox, String(invoice.customer)),
    hosted_invoice_url: `${base}/i/${invoice.id}`,
    invoice_pdf: `${base}/i/${invoice.id}/pdf`,
    effective_at: sandbox.clock.now(),
    status_transitions: { ...invoice.status_transitions, finalized_at: sandbox.clock.now() },
  });
  save(sandbox, invoice);
  sandbox.events.emit('invoice.finalized', invoice, changedAttributes(before, invoice));
  if (invoice.amount_due === 0) markInvoicePaid(sandbox, invoice, null);
  return invoice;
}

/** Records that a PaymentIntent pays (or will pay) an invoice: an `invoice_payment`. */
export function addInvoicePayment(sandbox: Sandbox, invoice: InvoiceObject, piId: string, amount: number): InvoicePaymentObject {
  const payments = sandbox.store.internal<InvoicePaymentObject[]>(INVOICE_PAYMENTS)[invoice.id] ?? [];
  const record = {
    id: newId('inpay'),
    object: 'invoice_payment',
    amount_paid: null,
    amount_requested: amount,
    created: sandbox.clock.now(),
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { type: 'payment_intent', payment_intent: piId },
    status: 'open',
    status_transitions: { canceled_at: null, paid_at: null },
  } satisfies InvoicePaymentObject;
  for (const p of payments) p.is_default = false;
  sandbox.store.setInternal(INVOICE_PAYMENTS, invoice.id, [...payments, record]);
  return record;
}

function invoicePaymentIntent(sandbox: Sandbox, invoice: InvoiceObject): PaymentIntentObject {
  const payments = sandbox.store.internal<InvoicePaymentObject[]>(INVOICE_PAYMENTS)[invoice.id] ?? [];
  const current = payments.find((p) => p.is_default);
  const pi = current?.payment.payment_intent
    ? sandbox.store.get<PaymentIntentObject>('payment_intent', String(current.payment.payment_intent))
    : undefined;
  if (pi && pi.status !== 'canceled' && pi.status !== 'succeeded') return pi;
  const created = createPaymentIntent(sandbox, {
    amount: invoice.amount_remaining,
    currency: invoice.currency,
    customer: String(invoice.customer),
    description:
      invoice.billing_reason === 'subscription_create'
        ? 'Subscription creation'
        : invoice.billing_reason === 'manual'
          ? (invoice.description ?? `Payment for invoice ${invoice.number ?? invoice.id}`)
          : 'Subscription update',
    payment_method_types: ['card', 'us_bank_account'],
    capture_method: 'automatic',
  });
  sandbox.store.setInternal(INVOICE_BY_PAYMENT_INTENT, created.id, invoice.id);
  addInvoicePayment(sandbox, invoice, created.id, invoice.amount_remaining);
  return created;
}

/**
 * Charges an open invoice with a PaymentMethod. The outcome reaches the invoice through the
 * PaymentIntent's events (see `followInvoicePayments`), so 3-D Secure finished later on the
 * challenge page lands in the same place. Returns the confirm result for callers that
 * answer synchronously (the API's `pay`).
 */
export function attemptInvoicePayment(
  sandbox: Sandbox,
  invoice: InvoiceObject,
  paymentMethodId: string,
  opts: { automatic: boolean; returnUrl?: string },
) {
  if (invoice.status !== 'open') {
    throw invalidRequest(`Invoice is ${invoice.status}; only open invoices can be paid.`, { code: 'invoice_not_open' });
  }
  const pm = resolvePaymentMethod(sandbox, paymentMethodId);
  const pi = invoicePaymentIntent(sandbox, invoice);
  invoice.attempt_count += 1;
  invoice.attempted = true;
  // The outcome decides the next retry; until then none is scheduled (3-D Secure and bank
  // debits may take a while).
  if (opts.automatic) invoice.next_payment_attempt = null;
  save(sandbox, invoice);
  sandbox.store.setInternal(INVOICE_AUTOMATIC_ATTEMPT, invoice.id, opts.automatic);
  // Automatic attempts are off-session: the customer is not there to authenticate.
  return confirmPaymentIntent(sandbox, pi, pm, {
    returnUrl: opts.returnUrl ?? invoice.hosted_invoice_url ?? null,
    offSession: opts.automatic && invoice.billing_reason !== 'subscription_create',
  });
}

export function markInvoicePaid(sandbox: Sandbox, invoice: InvoiceObject, pi: PaymentIntentObject | null): void {
  const before = clone(invoice);
  const now = sandbox.clock.now();
  Object.assign(invoice, {
    status: 'paid',
    amount_paid: invoice.amount_due,
    amount_remaining: 0,
    attempted: true,
    next_payment_attempt: null,
    status_transitions: { ...invoice.status_transitions, paid_at: now },
  });
  save(sandbox, invoice);
  const payments = sandbox.store.internal<InvoicePaymentObject[]>(INVOICE_PAYMENTS)[invoice.id] ?? [];
  const record = payments.find((p) => pi && p.payment.payment_intent === pi.id);
  if (record) {
    Object.assign(record, { status: 'paid', amount_paid: pi?.amount ?? 0, status_transitions: { canceled_at: null, paid_at: now } });
    sandbox.store.touch();
  }
  if (record) sandbox.events.emit('invoice_payment.paid', record);
  sandbox.events.emit('invoice.paid', invoice, changedAttributes(before, invoice));
  sandbox.events.emit('invoice.payment_succeeded', invoice, changedAttributes(before, invoice));
}
