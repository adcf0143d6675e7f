import { eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import {
  findCheckoutSessionByPaymentIntent,
  findCheckoutSessionByStripeId,
  findCustomerByStripeId,
  findPaymentByIntentId,
  lockCheckoutSession,
  lockPaymentByIntentId,
} from '@/db/queries/billing';
import { payments } from '@/db/schema';
import type { PaymentStatus } from '@/db/schema/enums';
import { getStripe } from '@/lib/stripe/client';
import { lockPaymentIntent } from '../locks';
import { type PaymentSignal, transitionPayment } from '../payment-status';
import { idOf } from './ids';

export type PaymentContext = {
  /** `created` of the event being applied; older than the row's last_event_at = stale. */
  eventCreatedAt?: Date;
  userId?: string | null;
  courseId?: string | null;
  checkoutSessionId?: string | null;
  stripeInvoiceId?: string | null;
};

export type PaymentSyncResult = { paymentId: string; status: PaymentStatus; changed: boolean; stale: boolean };

/**
 * Converges the `payments` row for a PaymentIntent (expanded `latest_charge` when present:
 * brand, last4, receipt URL, fee/net from its balance transaction) through the payment
 * status machine. Idempotent; a transition backwards changes nothing and reports `stale`.
 * The row is locked for the caller's transaction, so concurrent events for one payment
 * apply one after the other.
 */
export async function upsertPaymentFromIntent(db: Database, intent: Stripe.PaymentIntent, context: PaymentContext = {}): Promise<PaymentSyncResult> {
  const charge = await loadChargeWithBalance(intent.latest_charge);
  // First lock of any work on this intent, in every path (see lib/billing/locks.ts).
  await lockPaymentIntent(db, intent.id);
  const existing = await findPaymentByIntentId(db, intent.id);
  // A renewal's payment never has a course or a session: once it is known to belong to an
  // invoice, only its user can still be missing.
  const complete = existing?.userId && ((existing.courseId && existing.checkoutSessionId) || existing.stripeInvoiceId);
  const owner = complete ? null : await resolveOwner(db, intent, { ...context, stripeInvoiceId: context.stripeInvoiceId ?? existing?.stripeInvoiceId });
  // Lock order is checkout session, then payment — fulfillment's order. Linking the payment
  // to the session takes a key lock on the session row, so taking the payment first would
  // deadlock against a concurrent fulfillment of the same purchase.
  if (owner?.checkoutSessionId) await lockCheckoutSession(db, owner.checkoutSessionId);

  // Insert-then-lock: two first events for one intent race on the unique key, not on a lock
  // that does not exist yet, and the loser simply updates the winner's row.
  await db
    .insert(payments)
    .values({ stripePaymentIntentId: intent.id, amount: intent.amount, currency: intent.currency, status: 'pending' })
    .onConflictDoNothing({ target: payments.stripePaymentIntentId });
  const row = await lockPaymentByIntentId(db, intent.id);
  if (!row) throw new Error(`payment for ${intent.id} vanished inside its transaction`);

  const olderEvent = !!(context.eventCreatedAt && row.lastEventAt && context.eventCreatedAt < row.lastEventAt);
  let next = olderEvent
    ? { status: row.status, changed: false, stale: true }
    : transitionPayment(row.status, { kind: 'intent', status: intent.status, hasError: intent.last_payment_error != null });
  // Refunds are part of the same money fact: the charge's refunded total moves a settled payment.
  if (charge && !olderEvent) {
    const refunds = transitionPayment(next.status, { kind: 'refunds', amount: charge.amount, amountRefunded: charge.amount_refunded });
    if (refunds.changed) next = { status: refunds.status, changed: true, stale: next.stale };
  }

  const card = charge?.payment_method_details?.card;
  const bank = charge?.payment_method_details?.us_bank_account;
  const balance = charge && typeof charge.balance_transaction === 'object' ? charge.balance_transaction : null;
  const error = intent.last_payment_error;
  await db
    .update(payments)
    .set({
      status: next.status,
      amount: intent.amount,
      currency: intent.currency,
      // Moves with the status: an older event must not change one without the other.
      amountRefunded: charge && !olderEvent ? Math.min(charge.amount_refunded, intent.amount) : row.amountRefunded,
      stripeChargeId: charge?.id ?? row.stripeChargeId,
      userId: row.userId ?? owner?.userId ?? null,
      customerId: row.customerId ?? owner?.customerId ?? null,
      courseId: row.courseId ?? owner?.courseId ?? null,
      checkoutSessionId: row.checkoutSessionId ?? owner?.checkoutSessionId ?? null,
      stripeInvoiceId: row.stripeInvoiceId ?? context.stripeInvoiceId ?? null,
      failureCode: next.status === 'failed' ? (error?.decline_code ?? error?.code ?? charge?.failure_code ?? null) : row.failureCode,
      failureMessage: next.status === 'failed' ? (error?.message ?? charge?.failure_message ?? null) : row.failureMessage,
      paymentMethodType: charge?.payment_method_details?.type ?? row.paymentMethodType,
      cardBrand: card?.brand ?? row.cardBrand,
      cardLast4: card?.last4 ?? bank?.last4 ?? row.cardLast4,
      receiptUrl: charge?.receipt_url ?? row.receiptUrl,
      fee: balance?.fee ?? row.fee,
      net: balance?.net ?? row.net,
      description: intent.description ?? row.description,
      succeededAt: row.succeededAt ?? (next.status === 'succeeded' ? sql`now()` : null),
      lastEventAt: context.eventCreatedAt ? sql`greatest(${payments.lastEventAt}, ${context.eventCreatedAt.toISOString()}::timestamptz)` : row.lastEventAt,
      updatedAt: sql`now()`,
    })
    .where(eq(payments.id, row.id));
  return { paymentId: row.id, ...next };
}

/** The intent's latest charge with its balance transaction, fetched when only ids came with it. */
async function loadChargeWithBalance(latest: string | Stripe.Charge | null): Promise<Stripe.Charge | null> {
  if (!latest) return null;
  if (typeof latest === 'string') return getStripe().charges.retrieve(latest, { expand: ['balance_transaction'] });
  if (typeof latest.balance_transaction !== 'string') return latest;
  const balance = await getStripe().balanceTransactions.retrieve(latest.balance_transaction);
  return { ...latest, balance_transaction: balance };
}

async function resolveOwner(db: Database, intent: Stripe.PaymentIntent, context: PaymentContext) {
  const customerId = idOf(intent.customer);
  const customer = customerId ? await findCustomerByStripeId(db, customerId) : null;
  // The success page passes our checkout row id; older callers may hold Stripe's `cs_` id.
  const given = context.checkoutSessionId ?? null;
  let session = given?.startsWith('cs_') ? await findCheckoutSessionByStripeId(db, given) : null;
  if (!given) {
    session = await findCheckoutSessionByPaymentIntent(db, intent.id);
    // Events can beat fulfillment (which records the intent on our session row): ask Stripe
    // which Checkout session the intent belongs to, and trust only our own row for it.
    if (!session && !context.stripeInvoiceId) {
      const found = await getStripe().checkout.sessions.list({ payment_intent: intent.id, limit: 1 });
      const stripeSession = found.data[0];
      session = stripeSession ? await findCheckoutSessionByStripeId(db, stripeSession.id) : null;
    }
  }
  return {
    userId: context.userId ?? session?.userId ?? customer?.userId ?? null,
    customerId: customer?.id ?? null,
    courseId: context.courseId ?? session?.courseId ?? null,
    checkoutSessionId: given && !given.startsWith('cs_') ? given : (session?.id ?? null),
  };
}

/** Re-reads a PaymentIntent with everything the payments row mirrors, then converges it. */
export async function syncPaymentIntent(db: Database, paymentIntentId: string, context: PaymentContext = {}): Promise<PaymentSyncResult> {
  const intent = await getStripe().paymentIntents.retrieve(paymentIntentId, { expand: ['latest_charge.balance_transaction'] });
  return upsertPaymentFromIntent(db, intent, context);
}

/** Moves a locked payments row on a refund/dispute signal; returns the machine's verdict. */
export async function applyPaymentSignal(
  db: Database,
  payment: { id: string; status: PaymentStatus },
  signal: PaymentSignal,
): Promise<{ status: PaymentStatus; changed: boolean; stale: boolean }> {
  const next = transitionPayment(payment.status, signal);
  if (next.changed) await db.update(payments).set({ status: next.status, updatedAt: sql`now()` }).where(eq(payments.id, payment.id));
  return next;
}
