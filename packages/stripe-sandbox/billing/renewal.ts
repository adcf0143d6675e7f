import { changedAttributes } from '../core/events';
import { save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import { unapplyBalanceFromInvoice } from './customer-balance';
import { attemptInvoicePayment, createSubscriptionInvoice, finalizeInvoice, previewSubscriptionInvoice } from './invoices';
import { PENDING_PRORATIONS, type InvoiceObject, type LineSpec, type SubscriptionObject } from './model';
import { addInterval, type Interval } from './periods';
import { advanceSchedule } from './schedules';
import { cancelSubscription, chargeablePaymentMethod, itemLine, periodOf, transition } from './subscriptions';

/** Starts the next period at `at`: invoice it and try to collect. */
export function renewSubscription(sandbox: Sandbox, sub: SubscriptionObject, at: number): void {
  const endsNow = sub.cancel_at_period_end || (sub.cancel_at !== null && sub.cancel_at <= at);
  if (endsNow) {
    cancelSubscription(sandbox, sub, 'cancellation_requested');
    return;
  }
  // A schedule moves to its next phase here, or ends (and may cancel the subscription).
  if (sub.schedule && advanceSchedule(sandbox, sub, at)) return;
  // A trial ending without a PaymentMethod: `trial_settings.end_behavior.missing_payment_method`.
  if (sub.status === 'trialing' && !chargeablePaymentMethod(sandbox, sub)) {
    const behavior = sub.trial_settings?.end_behavior.missing_payment_method ?? 'create_invoice';
    if (behavior === 'cancel') {
      cancelSubscription(sandbox, sub, 'cancellation_requested');
      return;
    }
    if (behavior === 'pause') {
      transition(sandbox, sub, {
        status: 'paused',
        status_details: { paused: { subscription: { type: 'trial_end_without_payment_method' }, transitioned_at: at, type: 'subscription' } },
      });
      sandbox.events.emit('customer.subscription.paused', sub);
      return;
    }
  }
  startPeriod(sandbox, sub, at, sub.billing_cycle_anchor);
}

/**
 * Starts a billed period at `at` (a renewal, or resuming a paused subscription with a new
 * anchor): the subscription becomes active, its invoice is created, finalized and charged.
 */
export function startPeriod(sandbox: Sandbox, sub: SubscriptionObject, at: number, anchor: number): void {
  const first = sub.items.data[0];
  const interval = (first?.price.recurring?.interval ?? 'month') as Interval;
  const count = first?.price.recurring?.interval_count ?? 1;
  const nextEnd = addInterval(at, interval, count, anchor);
  const items = sub.items.data.map((it) => ({ ...it, current_period_start: at, current_period_end: nextEnd, current_trial: null }));
  transition(sandbox, sub, {
    items: { ...sub.items, data: items },
    ...(sub.status === 'trialing' || sub.status === 'paused' ? { status: 'active' } : {}),
  });
  const pending = sandbox.store.internal<LineSpec[]>(PENDING_PRORATIONS)[sub.id] ?? [];
  sandbox.store.setInternal(PENDING_PRORATIONS, sub.id, []);
  const invoice = createSubscriptionInvoice(sandbox, sub, 'subscription_cycle', [
    ...pending,
    ...items.map((it) => itemLine(sandbox, it, at, nextEnd)),
  ]);
  sub.latest_invoice = invoice.id;
  save(sandbox, sub);
  finalizeInvoice(sandbox, invoice);
  if (invoice.status !== 'open') return;
  const pmId = chargeablePaymentMethod(sandbox, sub);
  if (pmId) {
    attemptInvoicePayment(sandbox, invoice, pmId, { automatic: true });
  } else {
    // No way to pay: a failed attempt without a charge, then the retry schedule.
    invoice.attempt_count += 1;
    invoice.attempted = true;
    save(sandbox, invoice);
    sandbox.hooks.get('billing.invoice_failed')?.(invoice as never);
  }
}


/** What the next renewal will bill: the items for the next period plus pending prorations. */
export function upcomingInvoice(sandbox: Sandbox, sub: SubscriptionObject): InvoiceObject {
  const at = periodOf(sub).end;
  const first = sub.items.data[0];
  const nextEnd = addInterval(at, (first?.price.recurring?.interval ?? 'month') as Interval, first?.price.recurring?.interval_count ?? 1, sub.billing_cycle_anchor);
  const pending = sandbox.store.internal<LineSpec[]>(PENDING_PRORATIONS)[sub.id] ?? [];
  return previewSubscriptionInvoice(sandbox, sub, [...pending, ...sub.items.data.map((it) => itemLine(sandbox, it, at, nextEnd))]);
}

/** The first invoice was never paid: the invoice is voided and the subscription ends. */
export function expireIncomplete(sandbox: Sandbox, sub: SubscriptionObject): void {
  const invoice = typeof sub.latest_invoice === 'string' ? sandbox.store.get<InvoiceObject>('invoice', sub.latest_invoice) : undefined;
  if (invoice && invoice.status === 'open') {
    const before = structuredClone(invoice);
    Object.assign(invoice, {
      status: 'void',
      amount_remaining: 0,
      next_payment_attempt: null,
      status_transitions: { ...invoice.status_transitions, voided_at: sandbox.clock.now() },
    });
    save(sandbox, invoice);
    unapplyBalanceFromInvoice(sandbox, invoice);
    sandbox.events.emit('invoice.voided', invoice, changedAttributes(before, invoice));
  }
  transition(sandbox, sub, { status: 'incomplete_expired', ended_at: sandbox.clock.now() });
}
