import { invalidRequest, resourceMissing } from '../core/errors';
import { clone, findOrThrow } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import { previewSubscriptionInvoice } from '../billing/invoices';
import { PENDING_PRORATIONS, type InvoiceObject, type LineSpec, type SubscriptionItemObject, type SubscriptionObject } from '../billing/model';
import { addInterval, type Interval } from '../billing/periods';
import { customerClockTime, itemLine, periodOf, productName, recurringPriceOrThrow } from '../billing/subscriptions';
import type { PriceObject } from './prices';

const itemSpec = s.object({ id: s.string(), price: s.string(), quantity: s.integer({ min: 1 }) });
type ItemChange = { id?: string | null; price?: string | null; quantity?: number | null };
type Proration = 'create_prorations' | 'always_invoice' | 'none';

/**
 * `POST /v1/invoices/create_preview` for an existing subscription, optionally with
 * `subscription_details` describing an update (items, proration behaviour and date). Nothing
 * is stored and no event is emitted. The arithmetic mirrors `billing/changes.ts` (which
 * applies the change), so a preview and the applied change bill the same lines: a new
 * interval restarts the period and is invoiced at once (credit for the unused time + the new
 * period); a same-interval change bills the prorations now (`always_invoice`) or on the next
 * renewal (`create_prorations`). Customer-only previews and schedules are not implemented.
 */
export function registerInvoicePreview(sandbox: Sandbox): void {
  sandbox.router.post('/v1/invoices/create_preview', ({ input }) => {
    const p = s.decodeShape(
      {
        subscription: s.required(s.string()),
        customer: s.string(),
        subscription_details: s.object({
          items: s.array(itemSpec),
          proration_behavior: s.oneOf(['create_prorations', 'always_invoice', 'none'] as const),
          proration_date: s.integer({ min: 0 }),
        }),
      },
      input,
    );
    const sub = findOrThrow<SubscriptionObject>(sandbox, 'subscription', p.subscription, 'subscription');
    if (p.customer && p.customer !== sub.customer) {
      throw invalidRequest(`The subscription ${sub.id} does not belong to the customer ${p.customer}.`, { param: 'customer' });
    }
    if (sub.status === 'canceled' || sub.status === 'incomplete_expired') {
      throw invalidRequest('No upcoming invoices for a canceled subscription.', { code: 'invoice_upcoming_none', status: 404 });
    }
    const details = p.subscription_details ?? {};
    return sandbox.clock.at(customerClockTime(sandbox, String(sub.customer)), () =>
      clone(previewChange(sandbox, sub, details.items ?? [], details.proration_behavior ?? 'create_prorations', details.proration_date ?? null)),
    );
  });
}

function previewChange(sandbox: Sandbox, sub: SubscriptionObject, changes: ItemChange[], proration: Proration, prorationDate: number | null): InvoiceObject {
  const now = sandbox.clock.now();
  const period = periodOf(sub);
  if (prorationDate !== null && (prorationDate < period.start || prorationDate > period.end)) {
    throw invalidRequest('proration_date must be within the current billing period.', { param: 'subscription_details[proration_date]' });
  }
  // Stripe prorates as though the update happened at proration_date; the new period still starts now.
  const at = prorationDate ?? now;
  const items: SubscriptionItemObject[] = sub.items.data.map((it) => ({ ...it }));
  const prorations: LineSpec[] = [];
  let newInterval: { interval: Interval; count: number } | null = null;
  const trialing = sub.status === 'trialing';

  for (const [i, change] of changes.entries()) {
    const idx = change.id ? items.findIndex((it) => it.id === change.id) : items.length === 1 && i === 0 ? 0 : -1;
    const item = items[idx];
    if (!item) throw resourceMissing('subscription item', change.id ?? '', `subscription_details[items][${i}][id]`);
    const param = `subscription_details[items][${i}][price]`;
    const nextPrice = change.price ? recurringPriceOrThrow(sandbox, change.price, param) : (item.price as PriceObject);
    if (nextPrice.currency !== sub.currency) throw invalidRequest('Cannot change the currency of a subscription.', { param });
    const qty = change.quantity ?? item.quantity ?? 1;
    const oldPrice = item.price as PriceObject;
    const oldAmount = (oldPrice.unit_amount ?? 0) * (item.quantity ?? 1);
    const newAmount = (nextPrice.unit_amount ?? 0) * qty;
    const { current_period_start: start, current_period_end: end } = item;
    const remaining = end > at ? (end - at) / (end - start) : 0;
    const line = (amount: number, description: string, price: PriceObject, quantity: number): LineSpec => ({
      amount,
      description,
      periodStart: at,
      periodEnd: end,
      price,
      quantity,
      subscriptionItem: item.id,
      proration: true,
    });
    const credit = () => line(-Math.round(oldAmount * remaining), `Unused time on ${productName(sandbox, oldPrice)}`, oldPrice, item.quantity ?? 1);
    const intervalChanges =
      nextPrice.recurring?.interval !== oldPrice.recurring?.interval || nextPrice.recurring?.interval_count !== oldPrice.recurring?.interval_count;
    if (intervalChanges) {
      newInterval = { interval: (nextPrice.recurring?.interval ?? 'month') as Interval, count: nextPrice.recurring?.interval_count ?? 1 };
      if (proration !== 'none' && !trialing && remaining > 0) prorations.push(credit());
    } else if (proration !== 'none' && !trialing && oldAmount !== newAmount && remaining > 0) {
      prorations.push(credit(), line(Math.round(newAmount * remaining), `Remaining time on ${productName(sandbox, nextPrice)}`, nextPrice, qty));
    }
    items[idx] = { ...item, price: clone(nextPrice), quantity: qty };
  }

  const pending = sandbox.store.internal<LineSpec[]>(PENDING_PRORATIONS)[sub.id] ?? [];
  if (newInterval) {
    const nextEnd = addInterval(now, newInterval.interval, newInterval.count, now);
    const newPeriod = items.map((it) => itemLine(sandbox, it, now, nextEnd));
    // A trial keeps running on the new price: nothing is billed until it ends.
    if (trialing) return previewSubscriptionInvoice(sandbox, sub, items.map((it) => itemLine(sandbox, it, nextEnd, addInterval(nextEnd, newInterval.interval, newInterval.count, nextEnd))));
    return { ...previewSubscriptionInvoice(sandbox, sub, [...prorations, ...newPeriod]), billing_reason: 'subscription_update' } satisfies InvoiceObject;
  }
  if (proration === 'always_invoice' && prorations.length > 0) {
    return { ...previewSubscriptionInvoice(sandbox, sub, prorations), billing_reason: 'subscription_update' } satisfies InvoiceObject;
  }
  // Otherwise the next renewal: pending prorations, these ones, and the next period at the new prices.
  const first = items[0];
  const nextEnd = addInterval(period.end, (first?.price.recurring?.interval ?? 'month') as Interval, first?.price.recurring?.interval_count ?? 1, sub.billing_cycle_anchor);
  return previewSubscriptionInvoice(sandbox, sub, [...pending, ...prorations, ...items.map((it) => itemLine(sandbox, it, period.end, nextEnd))]);
}
