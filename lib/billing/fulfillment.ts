import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import {
  findCheckoutBuyerAndItem,
  lockCheckoutSessionByStripeId,
  markCheckoutSessionFulfilled,
  type CheckoutSessionRow,
  writeCheckoutSessionMirror,
} from '@/db/queries/checkout-sessions';
import { grantEnrollment } from '@/db/queries/enrollments';
import { setCheckoutSessionDiscount, setPaymentDiscount } from '@/db/queries/coupons';
import { enqueueJob } from '@/db/queries/jobs';
import { findPaymentById, HELD_PAYMENT_STATUSES, lockPurchaseEnrollment } from '@/db/queries/payments';
import { takeReadTicket } from '@/db/queries/stripe-events';
import { checkoutPaymentStatuses, checkoutStatuses } from '@/db/schema/enums';
import { enqueueNotification } from '@/lib/notifications/outbox';
import { bankPaymentProcessing, purchaseReceipt } from '@/lib/notifications/payloads';
import { lockPaymentIntent, lockPurchase } from './locks';
import { paymentMethodLabel } from './payment-method-label';
import { enforcePurchaseAccess } from './sync/access';
import { auditStripeChange } from './sync/audit';
import { isStaleRead, type SyncContext } from './sync/context';
import { idOf } from './sync/ids';
import { applyPayment, type PaymentSnapshot } from './sync/payments';
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
  const { session } = snapshot;
  const intent = snapshot.payment?.intent ?? null;
  if (intent) await lockPaymentIntent(tx, intent.id);
  const local = await lockCheckoutSessionByStripeId(tx, session.id);
  if (!local) return { status: 'unknown_session' };
  if (!isStaleRead(local, ctx)) {
    await writeCheckoutSessionMirror(
      tx,
      local.id,
      {
        status: asOneOf(session.status, checkoutStatuses) ?? local.status,
        paymentStatus: asOneOf(session.payment_status, checkoutPaymentStatuses) ?? local.paymentStatus,
        stripePaymentIntentId: intent?.id ?? local.stripePaymentIntentId,
        stripeSubscriptionId: idOf(session.subscription) ?? local.stripeSubscriptionId,
      },
      ctx.version,
    );
  }
  if (session.status === 'expired') return { status: 'expired' };

  const discount = sessionDiscount(session);
  const discounted = discount.amountDiscount > 0 || discount.stripeCouponId !== null;
  // On the session in both modes (redemptions are counted from sessions), and below on a
  // course purchase's payment (its receipt reads it there).
  if (discounted && session.status === 'complete') await setCheckoutSessionDiscount(tx, local.id, discount);
  const paid = session.payment_status === 'paid' || session.payment_status === 'no_payment_required';
  if (local.mode === 'subscription') {
    if (!paid || !snapshot.subscription) return { status: 'unpaid' };
    const synced = await applySubscription(tx, snapshot.subscription, ctx);
    await markCheckoutSessionFulfilled(tx, local.id);
    const duplicate = synced.kind === 'synced' && synced.duplicate;
    return { status: duplicate ? 'duplicate' : 'fulfilled', userId: local.userId, courseId: null, mode: 'subscription' };
  }

  const payment = snapshot.payment ? await applyPayment(tx, snapshot.payment, ctx, { userId: local.userId, courseId: local.courseId, checkoutSessionId: local.id }) : null;
  if (payment && discounted) await setPaymentDiscount(tx, payment.paymentId, discount);
  if (paid && local.courseId) return fulfillPurchase(tx, local, local.courseId, payment?.paymentId ?? null, ctx);
  if (intent?.status === 'processing' && payment) {
    await enqueueBankProcessing(tx, local, payment.paymentId);
    return { status: 'processing', userId: local.userId, courseId: local.courseId };
  }
  return { status: 'unpaid' };
}

async function fulfillPurchase(tx: Database, local: CheckoutSessionRow, courseId: string, paymentId: string | null, ctx: SyncContext): Promise<FulfillmentResult> {
  const userId = local.userId;
  await lockPurchase(tx, userId, courseId);
  const existing = await lockPurchaseEnrollment(tx, userId, courseId);
  // Two open Checkout pages both paid (or an old tab): the learner already owns the course
  // through another payment that still holds their money. This one is refunded, once.
  const ownedElsewhere =
    existing?.status === 'active' &&
    paymentId !== null &&
    existing.paymentId !== paymentId &&
    (existing.paymentId === null || (existing.paymentStatus !== null && HELD_PAYMENT_STATUSES.includes(existing.paymentStatus)));
  await markCheckoutSessionFulfilled(tx, local.id);
  if (ownedElsewhere) {
    await queueDuplicateRefund(tx, { paymentId, keptPaymentId: existing.paymentId, userId, courseId }, ctx);
    return { status: 'duplicate', userId, courseId, mode: 'payment' };
  }
  await grantEnrollment(tx, { userId, courseId, source: 'purchase', paymentId });
  if (paymentId) await enqueuePurchaseReceipt(tx, local, paymentId);
  // A session stays "paid" after a refund or a lost dispute, and events can arrive newest
  // first (or the success page is reloaded later): re-apply the rules that take a purchase
  // away, so this grant never undoes them.
  if (paymentId && (await enforcePurchaseAccess(tx, paymentId, ctx)).reason) return { status: 'revoked', userId, courseId };
  return { status: 'fulfilled', userId, courseId, mode: 'payment' };
}

async function queueDuplicateRefund(tx: Database, facts: { paymentId: string; keptPaymentId: string | null; userId: string; courseId: string }, ctx: SyncContext) {
  const payment = await findPaymentById(tx, facts.paymentId);
  if (!payment) throw new Error(`payment ${facts.paymentId} vanished`);
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
function paymentFacts(payment: NonNullable<Awaited<ReturnType<typeof findPaymentById>>>) {
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

async function enqueuePurchaseReceipt(tx: Database, local: CheckoutSessionRow, paymentId: string) {
  const payment = await findPaymentById(tx, paymentId);
  const buyer = await findCheckoutBuyerAndItem(tx, local.id);
  if (!payment || !buyer.courseSlug) return;
  await enqueueNotification(
    tx,
    purchaseReceipt(
      { userId: local.userId, email: buyer.email, name: buyer.name },
      { ...paymentFacts(payment), paidAt: payment.succeededAt ?? new Date() },
      { title: buyer.courseTitle ?? 'Course', slug: buyer.courseSlug },
    ),
  );
}

async function enqueueBankProcessing(tx: Database, local: CheckoutSessionRow, paymentId: string) {
  const payment = await findPaymentById(tx, paymentId);
  if (!payment) return;
  const buyer = await findCheckoutBuyerAndItem(tx, local.id);
  await enqueueNotification(
    tx,
    bankPaymentProcessing(
      { userId: local.userId, email: buyer.email, name: buyer.name },
      paymentFacts(payment),
      buyer.courseTitle ?? buyer.planName ?? 'Your purchase',
    ),
  );
}

