import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { type CheckoutBuyer, type CheckoutSessionRow, lockAndMirrorCheckoutSession } from '@/db/queries/checkout-sessions';
import { grantEnrollment } from '@/db/queries/enrollments';
import { setPaymentDiscount } from '@/db/queries/coupons';
import { enqueueJob } from '@/db/queries/jobs';
import { grantPurchaseUnlessOwnedElsewhere, type PaymentRow } from '@/db/queries/payments';
import { takeReadTicket } from '@/db/queries/stripe-events';
import { checkoutPaymentStatuses, checkoutStatuses } from '@/db/schema/enums';
import { enqueueNotification } from '@/lib/notifications/outbox';
import { bankPaymentProcessing, purchaseReceipt } from '@/lib/notifications/payloads';
import { lockPaymentIntent, lockPurchase, notePurchaseLocked } from './locks';
import { paymentMethodLabel } from './payment-method-label';
import { enforcePurchaseAccess } from './sync/access';
import { auditStripeChange } from './sync/audit';
import type { SyncContext } from './sync/context';
import { idOf } from './sync/ids';
import { applyPayment, type PaymentSnapshot, type PaymentSyncResult } from './sync/payments';
import { StripeSnapshotReader } from './sync/reader';
import { applySubscription } from './sync/subscriptions';

export type FulfillmentResult =
  | { status: 'fulfilled'; userId: string; courseId: string | null; mode: 'payment' | 'subscription' }
  | { status: 'processing'; userId: string; courseId: string | null }
  /** Paid, but refunded in full or charged back since: the grant was taken back at once. */
  | { status: 'revoked'; userId: string; courseId: string | null }
  /** Paid for something the learner already had: the payment is being refunded. */
  | { status: 'duplicate'; userId: string; courseId: string | null; mode: 'payment' | 'subscription' }
  | { status: 'unpaid' | 'expired' | 'unknown_session' };

export type CheckoutSnapshot = { session: Stripe.Checkout.Session; payment: PaymentSnapshot | null; subscription: Stripe.Subscription | null };

/** Reads a Checkout session for fulfillment: the session (with its intent), and its subscription. */
export async function readCheckout(reader: StripeSnapshotReader, stripeCheckoutSessionId: string): Promise<CheckoutSnapshot> {
  const session = await reader.checkoutSession(stripeCheckoutSessionId);
  const intent = session.payment_intent && typeof session.payment_intent === 'object' ? session.payment_intent : null;
  const subscriptionId = session.payment_status === 'unpaid' ? null : idOf(session.subscription);
  const subscription = subscriptionId ? await reader.subscription(subscriptionId) : null;
  return { session, payment: intent ? { intent, stripeCheckoutSessionId: session.id } : null, subscription };
}

/**
 * The one idempotent fulfillment (DESIGN.md "Fulfillment"), called by the webhook workers for
 * checkout.session.* events and by the success page, which often wins the race. It trusts
 * nothing it is handed: it asks Stripe for the session (before any transaction) and grants
 * access only when Stripe says it is paid.
 */
export async function fulfillCheckout(db: Database, stripeCheckoutSessionId: string): Promise<FulfillmentResult> {
  const version = await takeReadTicket(db);
  const reader = new StripeSnapshotReader();
  const snapshot = await readCheckout(reader, stripeCheckoutSessionId);
  reader.freeze();
  return db.transaction((tx) => applyCheckout(tx, snapshot, { eventId: null, eventCreatedAt: null, version }));
}

/**
 * Applies a Checkout read, database only. Every effect is keyed (enrollment per
 * user+course+source, receipt per PaymentIntent, duplicate refund per PaymentIntent) and the
 * local session row is locked, so any number of concurrent or repeated calls converge on one
 * enrollment and one email. Only sessions we created (with server-side prices) count.
 */
export async function applyCheckout(tx: Database, snapshot: CheckoutSnapshot, ctx: SyncContext): Promise<FulfillmentResult> {
  return (await applyCheckoutAndPayment(tx, snapshot, ctx)).result;
}

/**
 * `applyCheckout`, also answering how it applied the session's PaymentIntent: a webhook batch
 * that names the same intent again (payment_intent.*, charge.*) holds the same read, already
 * applied in this transaction.
 */
export async function applyCheckoutAndPayment(
  tx: Database,
  snapshot: CheckoutSnapshot,
  ctx: SyncContext,
): Promise<{ result: FulfillmentResult; payment: PaymentSyncResult | null }> {
  const { session } = snapshot;
  const intent = snapshot.payment?.intent ?? null;
  if (intent) await lockPaymentIntent(tx, intent.id);
  const paid = session.payment_status === 'paid' || session.payment_status === 'no_payment_required';
  const discount = sessionDiscount(session);
  const discounted = discount.amountDiscount > 0 || discount.stripeCouponId !== null;
  // Locks our session row and writes the read in one statement (unless the row holds a newer
  // read). Every path below that fulfills marks the session fulfilled (a duplicate too),
  // whatever else happens — a subscription session with its subscription read, a course
  // session with its course — and a completed session keeps its discount in both modes
  // (redemptions are counted from sessions; a course purchase's payment gets it below, for its
  // receipt).
  const local = await lockAndMirrorCheckoutSession(
    tx,
    session.id,
    {
      status: asOneOf(session.status, checkoutStatuses),
      paymentStatus: asOneOf(session.payment_status, checkoutPaymentStatuses),
      stripePaymentIntentId: intent?.id,
      stripeSubscriptionId: idOf(session.subscription),
    },
    ctx.version,
    {
      fulfills: session.status !== 'expired' && paid,
      subscriptionRead: snapshot.subscription !== null,
      discount: discounted && session.status === 'complete' ? discount : undefined,
      // A paid course purchase goes on to fulfillPurchase, whose first step is this lock.
      lockPurchase: true,
    },
  );
  if (!local) return { result: { status: 'unknown_session' }, payment: null };
  if (local.purchaseLocked && local.courseId) notePurchaseLocked(tx, local.userId, local.courseId);
  if (session.status === 'expired') return { result: { status: 'expired' }, payment: null };

  if (local.mode === 'subscription') {
    if (!paid || !snapshot.subscription) return { result: { status: 'unpaid' }, payment: null };
    const synced = await applySubscription(tx, snapshot.subscription, ctx);
    const duplicate = synced.kind === 'synced' && synced.duplicate;
    return { result: { status: duplicate ? 'duplicate' : 'fulfilled', userId: local.userId, courseId: null, mode: 'subscription' }, payment: null };
  }

  const payment = snapshot.payment
    ? await applyPayment(tx, snapshot.payment, ctx, { userId: local.userId, courseId: local.courseId, checkoutSessionId: local.id, checkoutSessionLocked: true })
    : null;
  let row = payment?.row ?? null;
  if (payment && discounted) row = await setPaymentDiscount(tx, payment.paymentId, discount);
  const held = payment && row ? { row, created: payment.created } : null;
  if (paid && local.courseId) return { result: await fulfillPurchase(tx, local, local.courseId, held, ctx), payment };
  if (intent?.status === 'processing' && held) {
    await enqueueBankProcessing(tx, local, held.row);
    return { result: { status: 'processing', userId: local.userId, courseId: local.courseId }, payment };
  }
  return { result: { status: 'unpaid' }, payment };
}

type LockedSession = CheckoutSessionRow & { buyer: CheckoutBuyer };
/** The session's payments row as this transaction holds it, and whether this transaction inserted it. */
type HeldPayment = { row: PaymentRow; created: boolean };

async function fulfillPurchase(tx: Database, local: LockedSession, courseId: string, payment: HeldPayment | null, ctx: SyncContext): Promise<FulfillmentResult> {
  const userId = local.userId;
  await lockPurchase(tx, userId, courseId);
  if (payment) {
    // Two open Checkout pages both paid (or an old tab): the learner already owns the course
    // through another payment that still holds their money. This one is refunded, once.
    const grant = await grantPurchaseUnlessOwnedElsewhere(tx, { userId, courseId, paymentId: payment.row.id });
    if (!grant.granted) {
      await queueDuplicateRefund(tx, payment.row, { keptPaymentId: grant.keptPaymentId, userId, courseId }, ctx);
      return { status: 'duplicate', userId, courseId, mode: 'payment' };
    }
  } else {
    await grantEnrollment(tx, { userId, courseId, source: 'purchase', paymentId: null });
  }
  if (payment) await enqueuePurchaseReceipt(tx, local, payment.row);
  // A session stays "paid" after a refund or a lost dispute, and events can arrive newest
  // first (or the success page is reloaded later): re-apply the rules that take a purchase
  // away, so this grant never undoes them. The row is in hand; a payment this transaction
  // created has no refunds yet, and the grant just made leaves nothing to reinstate.
  if (payment && (await enforcePurchaseAccess(tx, payment.row.id, ctx, { payment: payment.row, noRefunds: payment.created, justGranted: true })).reason) {
    return { status: 'revoked', userId, courseId };
  }
  return { status: 'fulfilled', userId, courseId, mode: 'payment' };
}

async function queueDuplicateRefund(tx: Database, payment: PaymentRow, facts: { keptPaymentId: string | null; userId: string; courseId: string }, ctx: SyncContext) {
  await enqueueJob(tx, {
    name: 'refund-duplicate-payment',
    payload: { paymentId: payment.id, keptPaymentId: facts.keptPaymentId },
    dedupeKey: `duplicate-refund:${payment.stripePaymentIntentId}`,
  });
  await auditStripeChange(tx, ctx, {
    action: 'payment.duplicate_detected',
    entityType: 'payment',
    entityId: payment.id,
    data: { userId: facts.userId, courseId: facts.courseId, keptPaymentId: facts.keptPaymentId, amount: payment.amount, currency: payment.currency },
  });
}

/**
 * What a coupon or promotion code took off this Checkout, from the session itself (a completed
 * session's discount never changes, so writing it on every read converges).
 */
export function sessionDiscount(session: Stripe.Checkout.Session) {
  const applied = session.discounts?.[0];
  const promo = applied?.promotion_code ?? null;
  const coupon = applied?.coupon ?? null;
  return {
    amountDiscount: session.total_details?.amount_discount ?? 0,
    stripeCouponId: typeof coupon === 'string' ? coupon : (coupon?.id ?? null),
    stripePromotionCodeId: typeof promo === 'string' ? promo : (promo?.id ?? null),
    discountCode: promo && typeof promo === 'object' ? promo.code : null,
  };
}

/** Stripe's string unions are open-ended ("OtherString"); keep only values our schema knows. */
function asOneOf<T extends string>(value: string | null | undefined, allowed: readonly T[]): T | undefined {
  return allowed.find((candidate) => candidate === value);
}

/** What a payment notice says about the payment itself. */
function paymentFacts(payment: PaymentRow) {
  return {
    id: payment.id,
    stripePaymentIntentId: payment.stripePaymentIntentId,
    amount: payment.amount,
    currency: payment.currency,
    methodLabel: paymentMethodLabel({ type: payment.paymentMethodType, brand: payment.cardBrand, last4: payment.cardLast4 }),
    amountDiscount: payment.amountDiscount,
    discountCode: payment.discountCode,
  };
}

function buyerOf(local: LockedSession) {
  if (local.buyer.email === null) throw new Error(`checkout session ${local.id} lost its buyer`);
  return { email: local.buyer.email, name: local.buyer.name };
}

async function enqueuePurchaseReceipt(tx: Database, local: LockedSession, payment: PaymentRow) {
  const { buyer } = local;
  if (!buyer.courseSlug) return;
  const { email, name } = buyerOf(local);
  await enqueueNotification(
    tx,
    purchaseReceipt(
      { userId: local.userId, email, name },
      { ...paymentFacts(payment), paidAt: payment.succeededAt ?? new Date() },
      { title: buyer.courseTitle ?? 'Course', slug: buyer.courseSlug },
    ),
  );
}

async function enqueueBankProcessing(tx: Database, local: LockedSession, payment: PaymentRow) {
  const { buyer } = local;
  const { email, name } = buyerOf(local);
  await enqueueNotification(
    tx,
    bankPaymentProcessing({ userId: local.userId, email, name }, paymentFacts(payment), buyer.courseTitle ?? buyer.planName ?? 'Your purchase'),
  );
}
