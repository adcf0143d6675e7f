import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { findCheckoutSessionByPaymentIntent, findCheckoutSessionByStripeId, findLinkedCheckoutSessionId, lockCheckoutSession } from '@/db/queries/checkout-sessions';
import { findCustomerByStripeId } from '@/db/queries/customers';
import { type CustomerByStripeId, fillPaymentLinks, findPaymentByIntentId, insertPaymentIfNew, lockOrCreatePayment, type PaymentRow, setPaymentStatus, writePaymentMirror } from '@/db/queries/payments';
import type { PaymentStatus } from '@/db/schema/enums';
import { lockPaymentIntent } from '../locks';
import { type PaymentSignal, transitionPayment } from '../payment-status';
import { isStaleRead, type SyncContext } from './context';
import { idOf } from './ids';
import { StripeSnapshotReader } from './reader';

/** What the caller already knows about whose payment this is (fulfillment, invoices). */
export type PaymentOwnerHint = {
  userId?: string | null;
  courseId?: string | null;
  /** Our checkout_sessions row id. */
  checkoutSessionId?: string | null;
  /** The caller holds that session row's lock already (fulfillment): the payment's may follow at once. */
  checkoutSessionLocked?: boolean;
  stripeInvoiceId?: string | null;
};

/** Everything applying a payment needs from Stripe, read before the transaction. */
export type PaymentSnapshot = {
  /** With `latest_charge.balance_transaction` expanded. */
  intent: Stripe.PaymentIntent;
  /** The Checkout session the intent came from, when we had to ask Stripe for it. */
  stripeCheckoutSessionId: string | null;
};

export type PaymentSyncResult = {
  paymentId: string;
  status: PaymentStatus;
  changed: boolean;
  stale: boolean;
  /** The row as this apply left it (locked until the transaction ends): callers need not read it again. */
  row: PaymentRow;
  /** This apply inserted the row: nothing else (a refund, a dispute) can refer to it yet. */
  created: boolean;
};

/**
 * Reads a PaymentIntent for the ledger. Asks Stripe which Checkout session it came from only
 * when nothing says — not a session read of the same batch, not our rows — and only for
 * Checkout purchases (their intents carry our `course_id` metadata): events can beat
 * fulfillment, which records the intent on our row.
 */
export async function readPayment(db: Database, reader: StripeSnapshotReader, intentId: string, hint: PaymentOwnerHint = {}): Promise<PaymentSnapshot> {
  const intent = await reader.paymentIntent(intentId);
  let stripeCheckoutSessionId: string | null = null;
  if (!hint.checkoutSessionId && !hint.stripeInvoiceId && intent.metadata?.course_id) {
    stripeCheckoutSessionId = reader.knownSessionForIntent(intentId);
    if (!stripeCheckoutSessionId && !(await findLinkedCheckoutSessionId(db, intentId))) stripeCheckoutSessionId = await reader.checkoutSessionIdForIntent(intentId);
  }
  return { intent, stripeCheckoutSessionId };
}

type Owner = { userId: string | null; customerId: string | null | CustomerByStripeId; courseId: string | null; checkoutSessionId: string | null };

async function resolveOwner(db: Database, snapshot: PaymentSnapshot, hint: PaymentOwnerHint, existing: PaymentRow | null): Promise<Owner | null> {
  const { intent } = snapshot;
  // A renewal's payment never has a course or a session: once it is known to belong to an
  // invoice, only its user can still be missing.
  if (existing?.userId && ((existing.courseId && existing.checkoutSessionId) || existing.stripeInvoiceId)) return null;
  // The caller's session (fulfillment) is the one the lookups would find.
  let session = hint.checkoutSessionId ? null : await findCheckoutSessionByPaymentIntent(db, intent.id);
  if (!session && !hint.checkoutSessionId && snapshot.stripeCheckoutSessionId) session = await findCheckoutSessionByStripeId(db, snapshot.stripeCheckoutSessionId);
  const stripeCustomerId = idOf(intent.customer);
  const userId = hint.userId ?? session?.userId ?? null;
  const rest = { courseId: hint.courseId ?? session?.courseId ?? null, checkoutSessionId: hint.checkoutSessionId ?? session?.id ?? null };
  // Whose payment it is is known already: the customer row is only linked, looked up inside
  // the write that links it instead of by a round trip of its own.
  if (userId || !stripeCustomerId) return { userId, customerId: stripeCustomerId ? { stripeCustomerId } : null, ...rest };
  const customer = await findCustomerByStripeId(db, stripeCustomerId);
  return { userId: customer?.userId ?? null, customerId: customer?.id ?? null, ...rest };
}

/**
 * Converges the `payments` row for a PaymentIntent through the payment status machine:
 * status, amounts, refunded total, brand/last4, receipt URL, fee and net. Database only.
 * A read older than the row's last one changes nothing and reports `stale`; so does a
 * transition the machine does not allow (a late `processing` after `succeeded`). The row
 * stays locked for the caller's transaction, so work on one payment applies one at a time,
 * and comes back as written.
 */
const CAPTURED = new Set<PaymentStatus>(['succeeded', 'partially_refunded', 'refunded', 'disputed', 'charged_back']);

export async function applyPayment(db: Database, snapshot: PaymentSnapshot, ctx: SyncContext, hint: PaymentOwnerHint = {}): Promise<PaymentSyncResult> {
  const { intent } = snapshot;
  // First lock of any work on this intent, in every path (see lib/billing/locks.ts).
  await lockPaymentIntent(db, intent.id);
  let locked: { row: PaymentRow; created: boolean };
  let owner: Owner | null;
  if (hint.checkoutSessionId && hint.checkoutSessionLocked) {
    // Fulfillment holds the session's row lock: the payment's follows in the usual order, and
    // the row it locks is the one whose links are still missing. Usually there is none yet (the
    // session's events come first): the row is inserted as this read leaves it, in one
    // statement — which also fires the rollup trigger once instead of twice at commit.
    const freshOwner = await resolveOwner(db, snapshot, hint, null);
    const fresh = paymentWrite(FRESH_PAYMENT, freshOwner, snapshot, ctx, hint);
    const inserted = await insertPaymentIfNew(db, intent.id, fresh.mirror, fresh.stamp);
    if (inserted) return { paymentId: inserted.id, status: fresh.next.status, changed: fresh.next.changed, stale: fresh.next.stale, row: inserted, created: true };
    locked = { row: (await lockOrCreatePayment(db, intent, { exists: true })).row, created: false };
    owner = await resolveOwner(db, snapshot, hint, locked.row);
  } else {
    const existing = await findPaymentByIntentId(db, intent.id);
    owner = await resolveOwner(db, snapshot, hint, existing);
    // Lock order is checkout session, then payment — fulfillment's order. Linking the payment
    // to the session takes a key lock on the session row, so taking the payment first would
    // deadlock against a concurrent fulfillment of the same purchase.
    if (owner?.checkoutSessionId) await lockCheckoutSession(db, owner.checkoutSessionId);
    locked = await lockOrCreatePayment(db, intent, { exists: existing !== null });
  }
  const { row, created } = locked;
  const write = paymentWrite(row, owner, snapshot, ctx, hint);
  if (isStaleRead(row, ctx)) {
    const filled = await fillPaymentLinks(db, row.id, write.links);
    return { paymentId: row.id, status: row.status, changed: false, stale: true, row: filled, created };
  }
  const written = await writePaymentMirror(db, row.id, write.mirror, write.stamp);
  return { paymentId: row.id, status: write.next.status, changed: write.next.changed, stale: write.next.stale, row: written, created };
}

/** What a payments row holds before any read is applied (the columns' defaults): a row `insertPaymentIfNew` would create. */
const FRESH_PAYMENT: PaymentWriteBase = {
  status: 'pending',
  amountRefunded: 0,
  stripeChargeId: null,
  failureCode: null,
  failureMessage: null,
  paymentMethodType: null,
  cardBrand: null,
  cardLast4: null,
  receiptUrl: null,
  fee: null,
  net: null,
  description: null,
  userId: null,
  customerId: null,
  courseId: null,
  checkoutSessionId: null,
  stripeInvoiceId: null,
};

type PaymentWriteBase = Pick<
  PaymentRow,
  | 'status'
  | 'amountRefunded'
  | 'stripeChargeId'
  | 'failureCode'
  | 'failureMessage'
  | 'paymentMethodType'
  | 'cardBrand'
  | 'cardLast4'
  | 'receiptUrl'
  | 'fee'
  | 'net'
  | 'description'
  | 'userId'
  | 'customerId'
  | 'courseId'
  | 'checkoutSessionId'
  | 'stripeInvoiceId'
>;

/** What applying this read to `row` writes: the links still missing, the mirrored state through the status machine, the stamp. */
function paymentWrite(row: PaymentWriteBase, owner: Owner | null, snapshot: PaymentSnapshot, ctx: SyncContext, hint: PaymentOwnerHint) {
  const { intent } = snapshot;
  const charge = StripeSnapshotReader.latestChargeOf(intent);
  const links = {
    userId: row.userId ?? owner?.userId ?? null,
    customerId: row.customerId ?? owner?.customerId ?? null,
    courseId: row.courseId ?? owner?.courseId ?? null,
    checkoutSessionId: row.checkoutSessionId ?? owner?.checkoutSessionId ?? null,
    stripeInvoiceId: row.stripeInvoiceId ?? hint.stripeInvoiceId ?? null,
  };
  let next = transitionPayment(row.status, { kind: 'intent', status: intent.status, hasError: intent.last_payment_error != null });
  // Refunds are part of the same money fact: the charge's refunded total moves a settled payment.
  if (charge) {
    const refunds = transitionPayment(next.status, { kind: 'refunds', amount: charge.amount, amountRefunded: charge.amount_refunded });
    if (refunds.changed) next = { status: refunds.status, changed: true, stale: next.stale };
  }
  const card = charge?.payment_method_details?.card;
  const bank = charge?.payment_method_details?.us_bank_account;
  const balance = charge && typeof charge.balance_transaction === 'object' ? charge.balance_transaction : null;
  const error = intent.last_payment_error;
  const mirror = {
    status: next.status,
    amount: intent.amount,
    currency: intent.currency,
    amountRefunded: charge ? Math.min(charge.amount_refunded, intent.amount) : row.amountRefunded,
    stripeChargeId: charge?.id ?? row.stripeChargeId,
    ...links,
    failureCode: next.status === 'failed' ? (error?.decline_code ?? error?.code ?? charge?.failure_code ?? null) : row.failureCode,
    failureMessage: next.status === 'failed' ? (error?.message ?? charge?.failure_message ?? null) : row.failureMessage,
    paymentMethodType: charge?.payment_method_details?.type ?? row.paymentMethodType,
    cardBrand: card?.brand ?? row.cardBrand,
    cardLast4: card?.last4 ?? bank?.last4 ?? row.cardLast4,
    receiptUrl: charge?.receipt_url ?? row.receiptUrl,
    fee: balance?.fee ?? row.fee,
    net: balance?.net ?? row.net,
    description: intent.description ?? row.description,
  };
  // The admin overview's "new customers" rollup, in the same statement (same transaction, same lock).
  const stamp = { version: ctx.version, eventCreatedAt: ctx.eventCreatedAt, succeeded: next.status === 'succeeded', firstPayment: CAPTURED.has(next.status) };
  return { links, next, mirror, stamp };
}

/** Moves a locked payments row on a refund/dispute signal; returns the machine's verdict. */
export async function applyPaymentSignal(
  db: Database,
  payment: { id: string; status: PaymentStatus },
  signal: PaymentSignal,
): Promise<{ status: PaymentStatus; changed: boolean; stale: boolean }> {
  const next = transitionPayment(payment.status, signal);
  if (next.changed) await setPaymentStatus(db, payment.id, next.status);
  return next;
}

/** "payment <id> succeeded", with what a repeat or a stale read did not change. */
export function describePaymentSync(synced: PaymentSyncResult): string {
  return `payment ${synced.paymentId} ${synced.status}${synced.stale ? ' (stale, unchanged)' : synced.changed ? '' : ' (unchanged)'}`;
}
