import type { Sandbox } from '../core/sandbox';
import type { CustomerObject } from '../resources/customers';
import { attemptInvoicePayment } from './invoices';
import { handleInvoiceFailure } from './follow';
import type { InvoiceObject, SubscriptionObject } from './model';
import { expireIncomplete, renewSubscription, upcomingInvoice } from './renewal';
import { chargeablePaymentMethod, periodOf } from './subscriptions';

const RENEWING = new Set(['active', 'trialing', 'past_due']);
/** Stripe sends `customer.subscription.trial_will_end` three days before a trial ends. */
const TRIAL_NOTICE_S = 3 * 86_400;
const TRIAL_NOTICES = 'subscription_trial_notices';
const UPCOMING_NOTICES = 'subscription_upcoming_notices';
/** A subscription whose first invoice stays unpaid this long ends as `incomplete_expired`. */
const INCOMPLETE_WINDOW_S = 23 * 3600;

/**
 * Plays billing forward to `target` for the subscriptions of one test clock (or, with
 * `clockId: null`, those on real time): period ends, cancellations at period end and
 * scheduled retries, in chronological order, each at its own moment.
 */
export function runBillingUntil(sandbox: Sandbox, target: number, clockId: string | null): number {
  const { store } = sandbox;
  const inScope = (customerId: string) => {
    const c = store.get<CustomerObject>('customer', customerId);
    return (typeof c?.test_clock === 'string' ? c.test_clock : null) === clockId;
  };
  let steps = 0;
  for (; steps < 10_000; steps++) {
    let next: { at: number; run: () => void } | null = null;
    for (const sub of store.all<SubscriptionObject>('subscription')) {
      if (!RENEWING.has(sub.status) || !inScope(String(sub.customer))) continue;
      const end = periodOf(sub).end;
      const at = sub.cancel_at !== null ? Math.min(end, sub.cancel_at) : end;
      if (at <= target && (!next || at < next.at)) next = { at, run: () => renewSubscription(sandbox, sub, at) };
    }
    for (const sub of store.all<SubscriptionObject>('subscription')) {
      if (sub.status !== 'trialing' || sub.trial_end === null || !inScope(String(sub.customer))) continue;
      if (store.internal<number>(TRIAL_NOTICES)[sub.id] === sub.trial_end) continue;
      const at = Math.max(sub.trial_end - TRIAL_NOTICE_S, sub.created);
      if (at <= target && (!next || at < next.at)) {
        next = {
          at,
          run: () => {
            store.setInternal(TRIAL_NOTICES, sub.id, sub.trial_end);
            sandbox.events.emit('customer.subscription.trial_will_end', sub);
          },
        };
      }
    }
    for (const sub of store.all<SubscriptionObject>('subscription')) {
      if (sub.status !== 'incomplete' || !inScope(String(sub.customer))) continue;
      const at = sub.created + INCOMPLETE_WINDOW_S;
      if (at <= target && (!next || at < next.at)) next = { at, run: () => expireIncomplete(sandbox, sub) };
    }
    const upcomingDays = sandbox.config.upcomingInvoiceDays;
    for (const sub of upcomingDays > 0 ? store.all<SubscriptionObject>('subscription') : []) {
      if (!RENEWING.has(sub.status) || sub.cancel_at_period_end || sub.cancel_at !== null || !inScope(String(sub.customer))) continue;
      const end = periodOf(sub).end;
      if (store.internal<number>(UPCOMING_NOTICES)[sub.id] === end) continue;
      const at = Math.max(end - upcomingDays * 86_400, sub.created);
      if (at <= target && at < end && (!next || at < next.at)) {
        next = {
          at,
          run: () => {
            store.setInternal(UPCOMING_NOTICES, sub.id, end);
            sandbox.events.emit('invoice.upcoming', upcomingInvoice(sandbox, sub));
          },
        };
      }
    }
    for (const invoice of store.all<InvoiceObject>('invoice')) {
      const at = invoice.next_payment_attempt;
      if (invoice.status !== 'open' || at === null || at > target || !inScope(String(invoice.customer))) continue;
      if (!next || at < next.at) {
        next = {
          at,
          run: () => {
            const subId = invoice.parent?.subscription_details?.subscription;
            const sub = typeof subId === 'string' ? store.get<SubscriptionObject>('subscription', subId) : undefined;
            const pm = sub ? chargeablePaymentMethod(sandbox, sub) : null;
            if (pm) attemptInvoicePayment(sandbox, invoice, pm, { automatic: true });
            else {
              invoice.attempt_count += 1;
              handleInvoiceFailure(sandbox, invoice);
            }
          },
        };
      }
    }
    if (!next) break;
    const step = next;
    try {
      sandbox.clock.at(step.at, step.run);
    } catch (err) {
      // A step that throws would be picked again forever; stop and say why.
      console.error(`[sandbox] billing step at ${step.at} failed; stopping this run:`, err);
      break;
    }
  }
  return steps;
}
