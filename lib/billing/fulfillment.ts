import { eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { checkoutSessions, courses, plans, prices, users } from '@/db/schema';
import { checkoutPaymentStatuses, checkoutStatuses } from '@/db/schema/enums';
import { env } from '@/lib/env';
import { enqueueNotification } from '@/lib/notifications/outbox';
import { getStripe } from '@/lib/stripe/client';
import { grantEnrollment } from './enrollments';
import { lockPaymentIntent } from './locks';
import { describeChargePaymentMethod, receiptNumberFor } from './payment-method-label';
import { enforcePurchaseAccess } from './sync/access';
import { upsertPaymentFromIntent } from './sync/payments';
import { syncSubscriptionFromStripe } from './sync/subscriptions';

export type FulfillmentResult =
  | { status: 'fulfilled'; userId: string; courseId: string | null; mode: 'payment' | 'subscription' }
  | { status: 'processing'; userId: string; courseId: string | null }
  /** Paid, but refunded in full or charged back since: the grant was taken back at once. */
  | { status: 'revoked'; userId: string; courseId: string | null }
  | { status: 'unpaid' | 'expired' | 'unknown_session' };

type LocalSession = typeof checkoutSessions.$inferSelect;

/**
 * The one idempotent fulfillment (DESIGN.md "Fulfillment"), called by the webhook for
 * checkout.session.completed / async_payment_succeeded and by the success page, which
 * often wins the race. It trusts nothing it is handed: it asks Stripe for the session and
 * grants access only when Stripe says it is paid. Every effect is keyed (enrollment per
 * user+course+source, receipt per PaymentIntent), and the local session row is locked, so
 * any number of concurrent or repeated calls converge on one enrollment and one email.
 */
export async function fulfillCheckout(
  db: Database,
  stripeCheckoutSessionId: string,
  options: { eventId?: string | null } = {},
): Promise<FulfillmentResult> {
  const session = await getStripe().checkout.sessions.retrieve(stripeCheckoutSessionId, {
    expand: ['payment_intent', 'payment_intent.latest_charge', 'payment_intent.latest_charge.balance_transaction'],
  });
  const intentId = typeof session.payment_intent === 'string' ? session.payment_intent : (session.payment_intent?.id ?? null);
  return db.transaction(async (tx) => {
    if (intentId) await lockPaymentIntent(tx, intentId);
    const [local] = await tx
      .select()
      .from(checkoutSessions)
      .where(eq(checkoutSessions.stripeCheckoutSessionId, session.id))
      .for('update');
    // Only sessions we created (with server-side prices and owners) are ever fulfilled.
    if (!local) return { status: 'unknown_session' } as const;
    const intent = typeof session.payment_intent === 'object' ? session.payment_intent : null;
    const subscriptionId = typeof session.subscription === 'string' ? session.subscription : (session.subscription?.id ?? null);
    await tx
      .update(checkoutSessions)
      .set({
        status: asOneOf(session.status, checkoutStatuses) ?? local.status,
        paymentStatus: asOneOf(session.payment_status, checkoutPaymentStatuses) ?? local.paymentStatus,
        stripePaymentIntentId: intent?.id ?? local.stripePaymentIntentId,
        stripeSubscriptionId: subscriptionId ?? local.stripeSubscriptionId,
        updatedAt: sql`now()`,
      })
      .where(eq(checkoutSessions.id, local.id));
    if (session.status === 'expired') return { status: 'expired' } as const;

    const paid = session.payment_status === 'paid' || session.payment_status === 'no_payment_required';
    if (local.mode === 'subscription') {
      if (!paid || !subscriptionId) return { status: 'unpaid' } as const;
      await syncSubscriptionFromStripe(tx, subscriptionId);
      await markFulfilled(tx, local);
      await enqueueSubscriptionStarted(tx, local, session, subscriptionId);
      return { status: 'fulfilled', userId: local.userId, courseId: null, mode: 'subscription' } as const;
    }

    const payment = intent
      ? await upsertPaymentFromIntent(tx, intent, { userId: local.userId, courseId: local.courseId, checkoutSessionId: local.id })
      : null;
    if (paid && local.courseId) {
      await grantEnrollment(tx, { userId: local.userId, courseId: local.courseId, source: 'purchase', paymentId: payment?.paymentId ?? null });
      await markFulfilled(tx, local);
      if (intent && payment) await enqueuePurchaseReceipt(tx, local, intent, payment.paymentId);
      // A session stays "paid" after a refund or a lost dispute, and events can arrive newest
      // first (or the success page is reloaded later): re-apply the rules that take a
      // purchase away, so this grant never undoes them.
      if (payment && (await enforcePurchaseAccess(tx, payment.paymentId, { eventId: options.eventId ?? null })).reason) {
        return { status: 'revoked', userId: local.userId, courseId: local.courseId } as const;
      }
      return { status: 'fulfilled', userId: local.userId, courseId: local.courseId, mode: 'payment' } as const;
    }
    if (intent?.status === 'processing') {
      await enqueueBankProcessing(tx, local, intent);
      return { status: 'processing', userId: local.userId, courseId: local.courseId } as const;
    }
    return { status: 'unpaid' } as const;
  });
}

/** Stripe's string unions are open-ended ("OtherString"); keep only values our schema knows. */
function asOneOf<T extends string>(value: string | null | undefined, allowed: readonly T[]): T | undefined {
  return allowed.find((candidate) => candidate === value);
}

async function markFulfilled(tx: Database, local: LocalSession) {
  await tx
    .update(checkoutSessions)
    .set({ fulfilledAt: sql`coalesce(${checkoutSessions.fulfilledAt}, now())` })
    .where(eq(checkoutSessions.id, local.id));
}

async function loadBuyerAndItem(tx: Database, local: LocalSession) {
  const [row] = await tx
    .select({ email: users.email, name: users.name, courseTitle: courses.title, courseSlug: courses.slug, planName: plans.name, interval: prices.interval })
    .from(checkoutSessions)
    .innerJoin(users, eq(users.id, checkoutSessions.userId))
    .innerJoin(prices, eq(prices.id, checkoutSessions.priceId))
    .leftJoin(courses, eq(courses.id, checkoutSessions.courseId))
    .leftJoin(plans, eq(plans.id, checkoutSessions.planId))
    .where(eq(checkoutSessions.id, local.id));
  if (!row) throw new Error(`checkout session ${local.id} lost its buyer`);
  return row;
}

function chargeOf(intent: Stripe.PaymentIntent): Stripe.Charge | null {
  return typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
}

async function enqueuePurchaseReceipt(tx: Database, local: LocalSession, intent: Stripe.PaymentIntent, paymentId: string) {
  const buyer = await loadBuyerAndItem(tx, local);
  const charge = chargeOf(intent);
  await enqueueNotification(tx, {
    template: 'purchase-receipt',
    recipient: buyer.email,
    userId: local.userId,
    dedupeKey: `receipt:${intent.id}`,
    data: {
      learnerName: buyer.name,
      courseTitle: buyer.courseTitle ?? 'Course',
      courseUrl: `${env.APP_URL}/courses/${buyer.courseSlug ?? ''}`,
      amount: intent.amount_received || intent.amount,
      currency: intent.currency,
      paymentMethod: describeChargePaymentMethod(charge),
      receiptNumber: receiptNumberFor(paymentId),
      receiptUrl: `${env.APP_URL}/account/receipts/${paymentId}`,
      paidAt: new Date((charge?.created ?? intent.created) * 1000).toISOString(),
    },
  });
}

async function enqueueSubscriptionStarted(tx: Database, local: LocalSession, session: Stripe.Checkout.Session, subscriptionId: string) {
  const buyer = await loadBuyerAndItem(tx, local);
  await enqueueNotification(tx, {
    template: 'subscription-started',
    recipient: buyer.email,
    userId: local.userId,
    dedupeKey: `subscription-started:${subscriptionId}`,
    data: {
      learnerName: buyer.name,
      planName: buyer.planName ?? 'All-Access',
      interval: buyer.interval ?? 'month',
      renewsAt: null,
      amount: session.amount_total ?? local.amountTotal,
      currency: session.currency ?? local.currency,
      paymentMethod: null,
      receiptNumber: `BR-${subscriptionId.slice(-10).toUpperCase()}`,
      receiptUrl: `${env.APP_URL}/account`,
      paidAt: new Date(session.created * 1000).toISOString(),
    },
  });
}

async function enqueueBankProcessing(tx: Database, local: LocalSession, intent: Stripe.PaymentIntent) {
  const buyer = await loadBuyerAndItem(tx, local);
  await enqueueNotification(tx, {
    template: 'bank-payment-processing',
    recipient: buyer.email,
    userId: local.userId,
    dedupeKey: `bank-processing:${intent.id}`,
    data: {
      learnerName: buyer.name,
      itemTitle: buyer.courseTitle ?? buyer.planName ?? 'Your purchase',
      amount: intent.amount,
      currency: intent.currency,
      paymentMethod: describeChargePaymentMethod(chargeOf(intent)),
    },
  });
}
