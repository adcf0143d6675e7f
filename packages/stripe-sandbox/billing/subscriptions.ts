import { changedAttributes } from '../core/events';
import { invalidRequest, resourceMissing } from '../core/errors';
import { newId } from '../core/ids';
import { clone, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import type { CustomerObject } from '../resources/customers';
import type { PriceObject } from '../resources/prices';
import type { ProductObject } from '../resources/products';
import { attemptInvoicePayment, createSubscriptionInvoice, finalizeInvoice } from './invoices';
import { createDiscount, discountOn, redeem, type ResolvedDiscount } from './discounts';
import { applicableBalance } from './customer-balance';
import {
  type InvoiceObject,
  PENDING_PRORATIONS,
  type LineSpec,
  type SubscriptionItemObject,
  type SubscriptionObject,
} from './model';
import { addInterval, type Interval } from './periods';
import { requireTaxLocation } from './tax';
import { formatMoney } from '../payments/money';

type Feedback = NonNullable<SubscriptionObject['cancellation_details']>['feedback'];

export interface ItemInput {
  price: string;
  quantity?: number | null;
}

export function planFromPrice(price: PriceObject): SubscriptionItemObject['plan'] {
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? 'month',
    interval_count: price.recurring?.interval_count ?? 1,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: typeof price.product === 'string' ? price.product : price.product.id,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: price.recurring?.trial_period_days ?? null,
    usage_type: price.recurring?.usage_type ?? 'licensed',
  };
}

export function recurringPriceOrThrow(sandbox: Sandbox, id: string, param: string): PriceObject {
  const price = sandbox.store.get<PriceObject>('price', id);
  if (!price) throw resourceMissing('price', id, param);
  if (!price.recurring) {
    throw invalidRequest(`The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`, { param });
  }
  if (!price.active) throw invalidRequest('The price specified is inactive. This field only accepts active prices.', { param });
  return price;
}

export const productName = (sandbox: Sandbox, price: PriceObject) =>
  sandbox.store.get<ProductObject>('product', String(price.product))?.name ?? 'Subscription';

export function periodOf(sub: SubscriptionObject): { start: number; end: number } {
  const first = sub.items.data[0];
  return { start: first?.current_period_start ?? sub.start_date, end: first?.current_period_end ?? sub.start_date };
}

export function itemLine(sandbox: Sandbox, item: SubscriptionItemObject, start: number, end: number, free = false): LineSpec {
  const qty = item.quantity ?? 1;
  const name = productName(sandbox, item.price as PriceObject);
  return {
    amount: free ? 0 : (item.price.unit_amount ?? 0) * qty,
    description: free
      ? `Trial period for ${name}`
      : `${qty} × ${name} (at ${formatMoney(item.price.unit_amount ?? 0, item.price.currency)} / ${item.price.recurring?.interval ?? 'month'})`,
    periodStart: start,
    periodEnd: end,
    price: item.price as PriceObject,
    quantity: qty,
    subscriptionItem: item.id,
    proration: false,
  };
}

/** The PaymentMethod to charge: the subscription's default, else the customer's. */
export function chargeablePaymentMethod(sandbox: Sandbox, sub: SubscriptionObject): string | null {
  if (typeof sub.default_payment_method === 'string') return sub.default_payment_method;
  const customer = sandbox.store.get<CustomerObject>('customer', String(sub.customer));
  const pm = customer?.invoice_settings.default_payment_method;
  return typeof pm === 'string' ? pm : null;
}

export function customerClockTime(sandbox: Sandbox, customerId: string): number | null {
  const customer = sandbox.store.get<CustomerObject>('customer', customerId);
  const clockId = typeof customer?.test_clock === 'string' ? customer.test_clock : null;
  const clock = clockId ? sandbox.store.get<{ id: string; object: string; frozen_time: number }>('test_helpers.test_clock', clockId) : undefined;
  return clock?.frozen_time ?? null;
}

export interface CreateSubscriptionArgs {
  customer: string;
  items: ItemInput[];
  default_payment_method?: string | null;
  metadata?: Record<string, string> | null;
  description?: string | null;
  trial_period_days?: number | null;
  cancel_at_period_end?: boolean | null;
  payment_behavior?: 'allow_incomplete' | 'default_incomplete' | null;
  discount?: ResolvedDiscount | null;
  automatic_tax?: boolean | null;
  /** An absolute trial end (instead of `trial_period_days`). */
  trial_end?: number | null;
  /** What happens at the trial's end when there is no PaymentMethod to charge. */
  missing_payment_method?: MissingPaymentMethod | null;
}

export type MissingPaymentMethod = 'cancel' | 'create_invoice' | 'pause';

/**
 * Creates a subscription and its first invoice. With a trial the invoice is 0 and the
 * subscription starts `trialing`; with nothing to pay it starts `active` (the invoice is paid
 * at 0 when finalized); otherwise it starts `incomplete` and becomes `active` when the first
 * invoice is paid (immediately for `allow_incomplete`, later for `default_incomplete`, e.g.
 * from Checkout).
 */
export function createSubscription(sandbox: Sandbox, a: CreateSubscriptionArgs): { sub: SubscriptionObject; invoice: InvoiceObject } {
  const customer = sandbox.store.get<CustomerObject>('customer', a.customer);
  if (!customer) throw resourceMissing('customer', a.customer, 'customer');
  if (a.items.length === 0) throw invalidRequest('Missing required param: items.', { code: 'parameter_missing', param: 'items' });
  const prices = a.items.map((it, i) => recurringPriceOrThrow(sandbox, it.price, `items[${i}][price]`));
  const first = prices[0] as PriceObject;
  for (const [i, p] of prices.entries()) {
    if (p.currency !== first.currency || p.recurring?.interval !== first.recurring?.interval || p.recurring?.interval_count !== first.recurring?.interval_count) {
      throw invalidRequest('All prices on a subscription must have the same currency and billing interval.', { param: `items[${i}][price]` });
    }
  }
  if (a.automatic_tax) requireTaxLocation(customer);
  const pmId = a.default_payment_method ?? (typeof customer.invoice_settings.default_payment_method === 'string' ? customer.invoice_settings.default_payment_method : null);
  const trialDays = a.trial_end != null ? null : (a.trial_period_days ?? first.recurring?.trial_period_days ?? null);
  if (a.trial_end != null && a.trial_period_days != null) {
    throw invalidRequest('You may only specify one of these parameters: trial_end, trial_period_days.', { param: 'trial_end' });
  }
  // A first invoice with nothing to pay (a 100 %-off or large enough amount-off coupon, a free
  // price, credit on the customer's balance) is paid when it is finalized, and Stripe starts
  // the subscription `active` (`default_incomplete`: "incomplete when the first invoice
  // requires payment, otherwise start as active"); no PaymentMethod is needed for it.
  const subtotal = prices.reduce((sum, p, i) => sum + (p.unit_amount ?? 0) * (a.items[i]?.quantity ?? 1), 0);
  const discounted = subtotal - (a.discount ? discountOn(a.discount.coupon, subtotal, first.currency) : 0);
  const balance = applicableBalance(customer, first.currency);
  const nothingToPay = discounted <= 0 ? balance <= 0 : !a.automatic_tax && discounted + balance <= 0;
  const freeStart = !trialDays && a.trial_end == null && nothingToPay;
  if (!pmId && !trialDays && a.trial_end == null && !freeStart && a.payment_behavior !== 'default_incomplete') {
    throw invalidRequest('This customer has no attached payment source or default payment method. Please consider adding a default payment method.', {
      code: 'resource_missing',
    });
  }
  if (a.default_payment_method) {
    const pm = sandbox.store.get<{ id: string; object: string; customer: string | null }>('payment_method', a.default_payment_method);
    if (!pm || pm.customer !== customer.id) {
      throw invalidRequest(`The PaymentMethod ${a.default_payment_method} does not belong to the Customer you supplied ${customer.id}.`, {
        param: 'default_payment_method',
      });
    }
  }

  return sandbox.clock.at(customerClockTime(sandbox, customer.id), () => {
    const now = sandbox.clock.now();
    const interval = (first.recurring?.interval ?? 'month') as Interval;
    const count = first.recurring?.interval_count ?? 1;
    if (a.trial_end != null && (a.trial_end <= now || a.trial_end > now + 730 * 86_400)) {
      throw invalidRequest('Invalid timestamp: must be an integer Unix timestamp in the future and at most 730 days away.', { param: 'trial_end' });
    }
    const trialEnd = a.trial_end ?? (trialDays ? now + trialDays * 86_400 : null);
    const periodEnd = trialEnd ?? addInterval(now, interval, count, now);
    const id = newId('sub');
    const items: SubscriptionItemObject[] = prices.map((price, i) => ({
      id: newId('si', 14),
      object: 'subscription_item',
      billing_thresholds: null,
      created: now,
      current_period_end: periodEnd,
      current_period_start: now,
      // `current_trial` describes trial *offers*; a plain trial lives on the subscription.
      current_trial: null,
      discounts: [],
      metadata: {},
      plan: planFromPrice(price),
      price: clone(price),
      quantity: a.items[i]?.quantity ?? 1,
      subscription: id,
      tax_rates: [],
    }));
    const sub = {
      id,
      object: 'subscription',
      application: null,
      application_fee_percent: null,
      automatic_tax: a.automatic_tax
        ? { disabled_reason: null, enabled: true, liability: { type: 'self' } }
        : { disabled_reason: null, enabled: false, liability: null },
      billing_cycle_anchor: trialEnd ?? now,
      billing_cycle_anchor_config: null,
      billing_mode: { flexible: null, type: 'classic' },
      billing_schedules: [],
      billing_thresholds: null,
      cancel_at: a.cancel_at_period_end ? periodEnd : null,
      cancel_at_period_end: a.cancel_at_period_end ?? false,
      canceled_at: null,
      cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
      collection_method: 'charge_automatically',
      created: now,
      currency: first.currency,
      customer: customer.id,
      customer_account: null,
      days_until_due: null,
      default_payment_method: a.default_payment_method ?? null,
      default_source: null,
      default_tax_rates: [],
      description: a.description ?? null,
      discounts: [] as string[],
      ended_at: null,
      invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: 'self' } },
      items: { object: 'list', data: items, has_more: false, url: `/v1/subscription_items?subscription=${id}` },
      latest_invoice: null as string | null,
      livemode: false,
      managed_payments: null,
      metadata: a.metadata ?? {},
      next_pending_invoice_item_invoice: null,
      on_behalf_of: null,
      pause_collection: null,
      payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
      pending_invoice_item_interval: null,
      pending_setup_intent: null,
      pending_update: null,
      schedule: null,
      start_date: now,
      status: trialEnd ? 'trialing' : freeStart ? 'active' : 'incomplete',
      test_clock: customer.test_clock ?? null,
      transfer_data: null,
      trial_end: trialEnd,
      trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: a.missing_payment_method ?? 'create_invoice' } },
      trial_start: trialEnd ? now : null,
    } satisfies SubscriptionObject;
    if (a.discount) {
      const discount = createDiscount(sandbox, a.discount, { subscription: id, customer: customer.id });
      sub.discounts = [discount.id];
      redeem(sandbox, { couponId: a.discount.coupon.id, promotionCodeId: a.discount.promotionCode?.id ?? null });
    }
    save(sandbox, sub);
    sandbox.events.emit('customer.subscription.created', sub);

    const invoice = createSubscriptionInvoice(
      sandbox,
      sub,
      'subscription_create',
      items.map((it) => itemLine(sandbox, it, now, periodEnd, Boolean(trialEnd))),
    );
    sub.latest_invoice = invoice.id;
    save(sandbox, sub);
    finalizeInvoice(sandbox, invoice);
    if (invoice.status === 'open' && pmId && a.payment_behavior !== 'default_incomplete') {
      attemptInvoicePayment(sandbox, invoice, pmId, { automatic: true });
    }
    // Paid at 0 for a reason not foreseen above (an amount below the currency's minimum goes
    // to the balance): the subscription is active all the same.
    if (invoice.status === 'paid' && sub.status === 'incomplete') transition(sandbox, sub, { status: 'active' });
    return { sub, invoice };
  });
}

/** Sets a subscription's status and emits `customer.subscription.updated` (or `.deleted`). */
export function transition(sandbox: Sandbox, sub: SubscriptionObject, patch: Partial<SubscriptionObject>): void {
  const before = clone(sub);
  Object.assign(sub, patch);
  // Stripe: `cancel_at_period_end` sets `cancel_at` to the period's end (and clears it on resume).
  if (patch.cancel_at_period_end !== undefined || (sub.cancel_at_period_end && patch.items)) {
    sub.cancel_at = sub.cancel_at_period_end ? periodOf(sub).end : patch.cancel_at_period_end === false ? null : sub.cancel_at;
  }
  save(sandbox, sub);
  const changed = changedAttributes(before, sub);
  if (Object.keys(changed).length === 0) return;
  const ended = (status: string) => status === 'canceled' || status === 'incomplete_expired';
  if (ended(sub.status) && !ended(before.status)) sandbox.events.emit('customer.subscription.deleted', sub, changed);
  else sandbox.events.emit('customer.subscription.updated', sub, changed);
}

export function cancelSubscription(
  sandbox: Sandbox,
  sub: SubscriptionObject,
  reason: 'cancellation_requested' | 'payment_failed',
  details: { comment?: string | null; feedback?: string | null } = {},
  final: { prorate?: boolean; invoiceNow?: boolean } = {},
): SubscriptionObject {
  if (sub.status === 'canceled') {
    throw invalidRequest(`This subscription is already canceled.`, { code: 'resource_missing' });
  }
  const now = sandbox.clock.now();
  // `prorate`: credit the unused time; `invoice_now`: bill it (and pending prorations) on a
  // final invoice at once, so a credit lands on the customer's balance.
  const credits: LineSpec[] = [];
  if (final.prorate && sub.status !== 'trialing') {
    for (const item of sub.items.data) {
      const { current_period_start: start, current_period_end: end } = item;
      if (end <= now || end <= start) continue;
      const amount = -Math.round((item.price.unit_amount ?? 0) * (item.quantity ?? 1) * ((end - now) / (end - start)));
      if (amount === 0) continue;
      credits.push({
        amount,
        description: `Unused time on ${productName(sandbox, item.price as PriceObject)}`,
        periodStart: now,
        periodEnd: end,
        price: item.price as PriceObject,
        quantity: item.quantity ?? 1,
        subscriptionItem: item.id,
        proration: true,
      });
    }
  }
  transition(sandbox, sub, {
    status: 'canceled',
    canceled_at: sub.canceled_at ?? now,
    ended_at: now,
    cancellation_details: {
      comment: details.comment ?? null,
      feedback: (details.feedback ?? null) as Feedback,
      feedback_option: null,
      reason,
    },
  });
  if (final.invoiceNow) {
    const pending = sandbox.store.internal<LineSpec[]>(PENDING_PRORATIONS)[sub.id] ?? [];
    const lines = [...pending, ...credits];
    if (lines.length > 0) {
      sandbox.store.setInternal(PENDING_PRORATIONS, sub.id, []);
      const invoice = createSubscriptionInvoice(sandbox, sub, 'subscription_update', lines);
      finalizeInvoice(sandbox, invoice);
      const pmId = chargeablePaymentMethod(sandbox, sub);
      if (invoice.status === 'open' && pmId) attemptInvoicePayment(sandbox, invoice, pmId, { automatic: true });
    }
  }
  return sub;
}

