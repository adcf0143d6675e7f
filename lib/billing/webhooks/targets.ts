import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { touchPaymentLastEvent } from '@/db/queries/payments';
import { paymentIntentLockName } from '../locks';
import { applyCheckoutAndPayment, type CheckoutSnapshot, type FulfillmentResult, readCheckout } from '../fulfillment';
import type { SyncContext } from '../sync/context';
import { applyCreditNote } from '../sync/credit-notes';
import { applyCustomer } from '../sync/customers';
import { applyDispute, type DisputeSnapshot, readDispute } from '../sync/disputes';
import { applyInvoice, type InvoiceSnapshot, type InvoiceSyncResult, readInvoice } from '../sync/invoices';
import { applyPaymentMethod } from '../sync/payment-methods';
import { applyPayment, describePaymentSync, type PaymentSnapshot, type PaymentSyncResult, readPayment } from '../sync/payments';
import type { StripeSnapshotReader } from '../sync/reader';
import { applyRefunds, type RefundsSnapshot, readRefunds } from '../sync/refunds';
import { applySubscription, describeSubscriptionSync, type SubscriptionSyncResult } from '../sync/subscriptions';

/** Something to re-read from Stripe and converge locally. */
export type SyncTarget =
  | { kind: 'checkout'; sessionId: string }
  | { kind: 'payment'; paymentIntentId: string }
  | { kind: 'refunds'; paymentIntentId: string; chargeId: string }
  | { kind: 'dispute'; disputeId: string; paymentIntentId: string | null }
  | { kind: 'subscription'; subscriptionId: string }
  | { kind: 'invoice'; invoiceId: string }
  | { kind: 'credit_note'; creditNoteId: string }
  | { kind: 'customer'; customerId: string }
  | { kind: 'payment_method'; paymentMethodId: string };

// Applied in this order within a batch: fulfillment links a payment to its session before
// the payment's own sync looks for an owner; subscriptions exist before their invoices.
const ORDER: SyncTarget['kind'][] = ['checkout', 'payment', 'refunds', 'dispute', 'subscription', 'invoice', 'credit_note', 'customer', 'payment_method'];

export function targetKey(target: SyncTarget): string {
  switch (target.kind) {
    case 'checkout':
      return `checkout:${target.sessionId}`;
    case 'payment':
      return `payment:${target.paymentIntentId}`;
    case 'refunds':
      return `refunds:${target.chargeId}`;
    case 'dispute':
      return `dispute:${target.disputeId}`;
    case 'subscription':
      return `subscription:${target.subscriptionId}`;
    case 'invoice':
      return `invoice:${target.invoiceId}`;
    case 'credit_note':
      return `credit_note:${target.creditNoteId}`;
    case 'customer':
      return `customer:${target.customerId}`;
    case 'payment_method':
      return `payment_method:${target.paymentMethodId}`;
  }
}

/** Distinct targets of a batch, in apply order. */
export function planTargets(targets: SyncTarget[]): SyncTarget[] {
  const unique = new Map<string, SyncTarget>();
  for (const target of targets) unique.set(targetKey(target), target);
  return [...unique.values()].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}

type Snapshot =
  | { kind: 'checkout'; value: CheckoutSnapshot }
  | { kind: 'payment'; value: PaymentSnapshot }
  | { kind: 'refunds'; value: RefundsSnapshot }
  | { kind: 'dispute'; value: DisputeSnapshot }
  | { kind: 'subscription'; value: Stripe.Subscription }
  | { kind: 'invoice'; value: InvoiceSnapshot }
  | { kind: 'credit_note'; value: Stripe.CreditNote }
  | { kind: 'customer'; value: Stripe.Customer | Stripe.DeletedCustomer }
  | { kind: 'payment_method'; value: Stripe.PaymentMethod };

/** The read phase of one target (network; `db` only for lookups outside any transaction). */
export async function readTarget(db: Database, reader: StripeSnapshotReader, target: SyncTarget): Promise<Snapshot> {
  switch (target.kind) {
    case 'checkout':
      return { kind: 'checkout', value: await readCheckout(reader, target.sessionId) };
    case 'payment':
      return { kind: 'payment', value: await readPayment(db, reader, target.paymentIntentId) };
    case 'refunds':
      return { kind: 'refunds', value: await readRefunds(db, reader, target) };
    case 'dispute':
      return { kind: 'dispute', value: await readDispute(db, reader, target) };
    case 'subscription':
      return { kind: 'subscription', value: await reader.subscription(target.subscriptionId) };
    case 'invoice':
      return { kind: 'invoice', value: await readInvoice(db, reader, target.invoiceId) };
    case 'credit_note':
      return { kind: 'credit_note', value: await reader.creditNote(target.creditNoteId) };
    case 'customer':
      return { kind: 'customer', value: await reader.customer(target.customerId) };
    case 'payment_method':
      return { kind: 'payment_method', value: await reader.paymentMethod(target.paymentMethodId) };
  }
}

/**
 * The advisory lock applying this snapshot takes first, if it is known before the transaction:
 * a purchase's PaymentIntent lock (checkout and payment targets take it before anything else).
 * The batch takes it with its lease check; the apply step's own `lockPaymentIntent` then finds it
 * held. Only a hint for a round trip: any other target takes its locks as it always does.
 */
export function firstLockOf(snapshot: Snapshot): string | null {
  switch (snapshot.kind) {
    case 'checkout': {
      const intent = snapshot.value.payment?.intent;
      return intent ? paymentIntentLockName(intent.id) : null;
    }
    case 'payment':
      return paymentIntentLockName(snapshot.value.intent.id);
    default:
      return null;
  }
}

/** What applying each target of a batch gave, for the handlers' `after` steps. */
export class TargetOutcomes {
  private readonly values = new Map<string, unknown>();
  readonly lines = new Map<string, string>();
  /** PaymentIntents a checkout target applied in this transaction: the very read, and how. */
  private readonly intents = new Map<string, { intent: Stripe.PaymentIntent; synced: PaymentSyncResult; eventCreatedAt: Date | null }>();

  appliedIntent(intent: Stripe.PaymentIntent, synced: PaymentSyncResult, ctx: SyncContext) {
    this.intents.set(intent.id, { intent, synced, eventCreatedAt: ctx.eventCreatedAt });
  }

  /** How this exact read of an intent (the same object) was applied earlier in the batch, if it was. */
  intentApplied(intent: Stripe.PaymentIntent) {
    const known = this.intents.get(intent.id);
    return known && known.intent === intent ? known : undefined;
  }

  set(target: SyncTarget, line: string, value: unknown) {
    this.lines.set(targetKey(target), line);
    this.values.set(targetKey(target), value);
  }

  checkout(sessionId: string): FulfillmentResult | undefined {
    return this.values.get(`checkout:${sessionId}`) as FulfillmentResult | undefined;
  }

  invoice(invoiceId: string): InvoiceSyncResult | undefined {
    return this.values.get(`invoice:${invoiceId}`) as InvoiceSyncResult | undefined;
  }

  subscription(subscriptionId: string): SubscriptionSyncResult | undefined {
    return this.values.get(`subscription:${subscriptionId}`) as SubscriptionSyncResult | undefined;
  }
}

/** The apply phase of one target: database only, inside the batch's transaction. */
export async function applyTarget(tx: Database, snapshot: Snapshot, ctx: SyncContext, target: SyncTarget, outcomes: TargetOutcomes): Promise<void> {
  switch (snapshot.kind) {
    case 'checkout': {
      const { result, payment } = await applyCheckoutAndPayment(tx, snapshot.value, ctx);
      const intent = snapshot.value.payment?.intent;
      if (payment && intent) outcomes.appliedIntent(intent, payment, ctx);
      return outcomes.set(target, `checkout ${snapshot.value.session.id}: ${result.status}`, result);
    }
    case 'payment': {
      // The session's read carried this intent and fulfillment applied that same read a moment
      // ago, in this transaction: applying it again would change nothing but cost a round trip
      // per statement. Only a newer event time is still to be stamped.
      const earlier = outcomes.intentApplied(snapshot.value.intent);
      if (earlier) {
        const { eventCreatedAt } = ctx;
        if (eventCreatedAt && (!earlier.eventCreatedAt || eventCreatedAt > earlier.eventCreatedAt)) await touchPaymentLastEvent(tx, earlier.synced.paymentId, eventCreatedAt);
        const synced = { ...earlier.synced, changed: false };
        return outcomes.set(target, describePaymentSync(synced), synced);
      }
      const synced = await applyPayment(tx, snapshot.value, ctx);
      return outcomes.set(target, describePaymentSync(synced), synced);
    }
    case 'refunds':
      return outcomes.set(target, await applyRefunds(tx, snapshot.value, ctx), null);
    case 'dispute':
      return outcomes.set(target, await applyDispute(tx, snapshot.value, ctx), null);
    case 'subscription': {
      const synced = await applySubscription(tx, snapshot.value, ctx);
      return outcomes.set(target, describeSubscriptionSync('subscription', synced, snapshot.value.id), synced);
    }
    case 'invoice': {
      const synced = await applyInvoice(tx, snapshot.value, ctx);
      const { invoice } = synced;
      return outcomes.set(target, `invoice ${invoice.id} ${invoice.status} (attempt ${invoice.attempt_count})${synced.stale ? ' (stale, unchanged)' : ''}`, synced);
    }
    case 'credit_note':
      return outcomes.set(target, await applyCreditNote(tx, snapshot.value, ctx), null);
    case 'customer':
      return outcomes.set(target, await applyCustomer(tx, snapshot.value, ctx), null);
    case 'payment_method':
      return outcomes.set(target, await applyPaymentMethod(tx, snapshot.value, ctx), null);
  }
}
