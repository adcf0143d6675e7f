import { cardError, invalidRequest } from '../core/errors';
import { clone, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import type { PriceObject } from '../resources/prices';
import { attemptInvoicePayment, createSubscriptionInvoice, finalizeInvoice } from './invoices';
import { PENDING_PRORATIONS, type LineSpec, type SubscriptionObject } from './model';
import { addInterval, type Interval } from './periods';
import { chargeablePaymentMethod, itemLine, planFromPrice, productName, recurringPriceOrThrow, transition } from './subscriptions';

/**
 * Changes an item's price or quantity. `create_prorations` (Stripe's default) credits the
 * unused time and charges the remaining time at the new price on the next invoice;
 * `always_invoice` bills that difference now; `none` changes the price from the next period.
 * A change of billing interval (monthly ↔ yearly) restarts the period now and is invoiced
 * at once, as Stripe does: a credit for the unused time (unless `none`) and the new period.
 */
export function changeItems(
  sandbox: Sandbox,
  sub: SubscriptionObject,
  changes: Array<{ id?: string | null; price?: string | null; quantity?: number | null }>,
  proration: 'create_prorations' | 'always_invoice' | 'none',
  /** Stripe prorates as though the change happened then (a preview's date); default now. */
  prorationDate: number | null = null,
): void {
  const now = sandbox.clock.now();
  const at = prorationDate ?? now;
  const items = sub.items.data.map((it) => ({ ...it }));
  const credits: LineSpec[] = [];
  const charges: LineSpec[] = [];
  let newInterval: { interval: Interval; count: number } | null = null;
  for (const [i, change] of changes.entries()) {
    const idx = change.id ? items.findIndex((it) => it.id === change.id) : items.length === 1 && i === 0 ? 0 : -1;
    const item = items[idx];
    if (!item) throw invalidRequest(`No such subscription item: '${change.id ?? ''}'`, { code: 'resource_missing', param: `items[${i}][id]` });
    const nextPrice = change.price ? recurringPriceOrThrow(sandbox, change.price, `items[${i}][price]`) : (item.price as PriceObject);
    if (nextPrice.currency !== sub.currency) {
      throw invalidRequest('Cannot change the currency of a subscription.', { param: `items[${i}][price]` });
    }
    const qty = change.quantity ?? item.quantity ?? 1;
    const oldAmount = (item.price.unit_amount ?? 0) * (item.quantity ?? 1);
    const newAmount = (nextPrice.unit_amount ?? 0) * qty;
    const { current_period_start: start, current_period_end: end } = item;
    const remaining = end > at ? (end - at) / (end - start) : 0;
    const intervalChanges =
      nextPrice.recurring?.interval !== item.price.recurring?.interval ||
      nextPrice.recurring?.interval_count !== item.price.recurring?.interval_count;
    const line = (amount: number, description: string, price: PriceObject, quantity: number, periodEnd: number): LineSpec => ({
      amount,
      description,
      periodStart: at,
      periodEnd,
      price,
      quantity,
      subscriptionItem: item.id,
      proration: true,
    });
    const trialing = sub.status === 'trialing';
    if (intervalChanges) {
      newInterval = { interval: (nextPrice.recurring?.interval ?? 'month') as Interval, count: nextPrice.recurring?.interval_count ?? 1 };
      if (proration !== 'none' && !trialing && remaining > 0) {
        credits.push(line(-Math.round(oldAmount * remaining), `Unused time on ${productName(sandbox, item.price as PriceObject)}`, item.price as PriceObject, item.quantity ?? 1, end));
      }
    } else if (proration !== 'none' && !trialing && oldAmount !== newAmount && remaining > 0) {
      credits.push(line(-Math.round(oldAmount * remaining), `Unused time on ${productName(sandbox, item.price as PriceObject)}`, item.price as PriceObject, item.quantity ?? 1, end));
      charges.push(line(Math.round(newAmount * remaining), `Remaining time on ${productName(sandbox, nextPrice)}`, nextPrice, qty, end));
    }
    items[idx] = { ...item, price: clone(nextPrice), plan: planFromPrice(nextPrice), quantity: qty };
  }

  if (newInterval) {
    const nextEnd = addInterval(now, newInterval.interval, newInterval.count, now);
    const restarted = items.map((it) => ({ ...it, current_period_start: now, current_period_end: nextEnd }));
    transition(sandbox, sub, { items: { ...sub.items, data: restarted }, billing_cycle_anchor: now });
    if (sub.status === 'trialing') return;
    const newPeriod = restarted.map((it) => itemLine(sandbox, it, now, nextEnd));
    invoiceNow(sandbox, sub, [...credits, ...newPeriod]);
    return;
  }
  transition(sandbox, sub, { items: { ...sub.items, data: items } });
  const prorations = [...credits, ...charges];
  if (prorations.length === 0) return;
  if (proration === 'create_prorations') {
    const pending = sandbox.store.internal<LineSpec[]>(PENDING_PRORATIONS)[sub.id] ?? [];
    sandbox.store.setInternal(PENDING_PRORATIONS, sub.id, [...pending, ...prorations]);
    return;
  }
  invoiceNow(sandbox, sub, prorations);
}

/** Bills lines immediately (`subscription_update`) and charges the default PaymentMethod. */
function invoiceNow(sandbox: Sandbox, sub: SubscriptionObject, lines: LineSpec[]): void {
  const invoice = createSubscriptionInvoice(sandbox, sub, 'subscription_update', lines);
  sub.latest_invoice = invoice.id;
  save(sandbox, sub);
  finalizeInvoice(sandbox, invoice);
  const pmId = chargeablePaymentMethod(sandbox, sub);
  if (invoice.status === 'open' && pmId) {
    const { error } = attemptInvoicePayment(sandbox, invoice, pmId, { automatic: true });
    if (error) {
      throw cardError({
        code: error.body.code ?? 'card_declined',
        message: error.body.message,
        ...(error.body.decline_code ? { declineCode: error.body.decline_code } : {}),
      });
    }
  }
}
