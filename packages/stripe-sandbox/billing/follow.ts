import { changedAttributes, type StoredEvent } from '../core/events';
import { clone, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import type { PaymentIntentObject } from '../payments/objects';
import { markInvoicePaid } from './invoices';
import { INVOICE_AUTOMATIC_ATTEMPT, INVOICE_BY_PAYMENT_INTENT, type InvoiceObject, type SubscriptionObject } from './model';
import { cancelSubscription, transition } from './subscriptions';

const subscriptionOf = (sandbox: Sandbox, invoice: InvoiceObject): SubscriptionObject | undefined => {
  const id = invoice.parent?.subscription_details?.subscription;
  return typeof id === 'string' ? sandbox.store.get<SubscriptionObject>('subscription', id) : undefined;
};

/**
 * A failed collection attempt: `invoice.payment_failed` with the next retry from the
 * dunning schedule, the subscription to `past_due`, and after the last retry the configured
 * final action. The first invoice of a new subscription leaves it `incomplete` instead.
 */
export function handleInvoiceFailure(sandbox: Sandbox, invoice: InvoiceObject): void {
  const sub = subscriptionOf(sandbox, invoice);
  const automatic = sandbox.store.internal<boolean>(INVOICE_AUTOMATIC_ATTEMPT)[invoice.id] ?? true;
  const before = clone(invoice);
  const { retryDays, finalAction } = sandbox.config.dunning;
  const creating = invoice.billing_reason === 'subscription_create' && sub?.status === 'incomplete';
  let exhausted = false;
  if (automatic && !creating) {
    const wait = retryDays[invoice.attempt_count - 1];
    exhausted = wait === undefined;
    invoice.next_payment_attempt = wait === undefined ? null : sandbox.clock.now() + wait * 86_400;
  }
  save(sandbox, invoice);
  sandbox.events.emit('invoice.payment_failed', invoice, changedAttributes(before, invoice));
  if (!sub || creating) return;
  if (sub.status === 'active' || sub.status === 'trialing') transition(sandbox, sub, { status: 'past_due' });
  if (!exhausted) return;
  if (finalAction === 'cancel') cancelSubscription(sandbox, sub, 'payment_failed');
  else if (finalAction === 'unpaid') transition(sandbox, sub, { status: 'unpaid' });
}

/** Moves invoices (and their subscriptions) on from their PaymentIntents' events. */
export function followInvoicePayments(sandbox: Sandbox): void {
  sandbox.hooks.set('billing.invoice_failed', (invoice: InvoiceObject) => handleInvoiceFailure(sandbox, invoice));
  sandbox.events.subscribe((event: StoredEvent) => {
    if (!event.type.startsWith('payment_intent.')) return;
    const pi = event.data.object as PaymentIntentObject;
    const invoiceId = sandbox.store.internal<string>(INVOICE_BY_PAYMENT_INTENT)[pi.id];
    const invoice = invoiceId ? sandbox.store.get<InvoiceObject>('invoice', invoiceId) : undefined;
    if (!invoice || invoice.status !== 'open') return;
    if (event.type === 'payment_intent.succeeded') {
      const sub = subscriptionOf(sandbox, invoice);
      if (sub && ['incomplete', 'past_due', 'unpaid'].includes(sub.status)) transition(sandbox, sub, { status: 'active' });
      markInvoicePaid(sandbox, invoice, pi);
    } else if (event.type === 'payment_intent.payment_failed') {
      handleInvoiceFailure(sandbox, invoice);
    } else if (event.type === 'payment_intent.requires_action') {
      sandbox.events.emit('invoice.payment_action_required', invoice);
      // A renewal waiting for the customer to authenticate leaves the subscription past due.
      const sub = subscriptionOf(sandbox, invoice);
      if (sub && invoice.billing_reason !== 'subscription_create' && sub.status === 'active') transition(sandbox, sub, { status: 'past_due' });
    }
  });
}
