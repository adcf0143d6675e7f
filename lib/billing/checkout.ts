import type { Database } from '@/db/client';
import { findCourseForSale, findPlanForSale, type PriceRow } from '@/db/queries/catalog';
import { type CheckoutSessionRow, findOlderOpenCheckoutSessions, findOtherOpenCheckoutSessions, insertCheckoutSession, markCheckoutSessionsExpired } from '@/db/queries/checkout-sessions';
import type { PriceInterval } from '@/db/schema/enums';
import { env } from '@/lib/env';
import { createCheckoutSession as createStripeCheckoutSession, expireCheckoutSession } from '@/lib/stripe/checkout';
import { StripeFailure } from '@/lib/stripe/errors';
import { getCourseAccess, hasAllAccess } from './course-access';
import { ensureStripeCustomer } from './customers';
import { ensureStripePrice } from './stripe-catalog';

export type CheckoutBuyer = { id: string; email: string; name: string | null };
export type CheckoutRequest =
  | { kind: 'course'; courseSlug: string; currency: string; attemptId: string }
  | { kind: 'plan'; planSlug: string; interval: PriceInterval; currency: string; attemptId: string };

export class CheckoutRefusal extends Error {
  constructor(
    readonly code: 'not_found' | 'not_for_sale' | 'already_owned' | 'already_subscribed',
    message: string,
  ) {
    super(message);
  }
}

type Target = {
  price: PriceRow;
  owner: { kind: 'course' | 'plan'; id: string; name: string; description: string; stripeProductId: string | null };
  courseId: string | null;
  planId: string | null;
  cancelPath: string;
};

/**
 * Starts a hosted Checkout. Everything that decides money — price, currency, quantity,
 * owner — comes from our database, never the form. The Stripe call's idempotency key is
 * derived from (buyer, price, attempt), so a double-click or a retried action gets the same
 * session instead of a second one. Refuses, before any charge, to sell what the buyer has,
 * and closes the buyer's other open sessions for the same course or plan first, so two tabs
 * cannot both be paid (the webhook path refunds a second payment that slips through anyway).
 */
export async function createCheckoutSession(db: Database, buyer: CheckoutBuyer, request: CheckoutRequest): Promise<{ url: string; sessionId: string }> {
  const target = request.kind === 'course' ? await courseTarget(db, buyer, request) : await planTarget(db, buyer, request);
  const idempotencyKey = `checkout:${buyer.id}:${target.price.id}:${request.attemptId}`;
  await expireOtherOpenSessions(db, buyer, target, idempotencyKey);
  const [customerId, stripePriceId] = await Promise.all([ensureStripeCustomer(db, buyer), ensureStripePrice(db, target.price, target.owner)]);
  const metadata = {
    user_id: buyer.id,
    price_id: target.price.id,
    ...(target.courseId ? { course_id: target.courseId } : {}),
    ...(target.planId ? { plan_id: target.planId } : {}),
  };
  const mode = target.price.type === 'recurring' ? 'subscription' : 'payment';
  const session = await createStripeCheckoutSession(
    {
      mode,
      customer: customerId,
      client_reference_id: buyer.id,
      line_items: [{ price: stripePriceId, quantity: 1 }],
      metadata,
      allow_promotion_codes: true,
      success_url: `${env.APP_URL}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${env.APP_URL}${target.cancelPath}`,
      ...(mode === 'payment' ? { payment_intent_data: { metadata } } : { subscription_data: { metadata } }),
    },
    idempotencyKey,
  );
  if (!session.url) throw new Error(`Checkout session ${session.id} has no URL`);
  await insertCheckoutSession(db, {
    stripeCheckoutSessionId: session.id,
    userId: buyer.id,
    priceId: target.price.id,
    courseId: target.courseId,
    planId: target.planId,
    mode,
    amountTotal: target.price.unitAmount,
    currency: target.price.currency,
    idempotencyKey,
    url: session.url,
    expiresAt: session.expires_at ? new Date(session.expires_at * 1000) : null,
  });
  // A second look once ours is recorded: a Checkout started at the same moment missed ours
  // and we missed it; the newer of the two closes the older.
  await expireSessions(db, await findOlderOpenCheckoutSessions(db, { userId: buyer.id, courseId: target.courseId, planId: target.planId, stripeCheckoutSessionId: session.id }));
  return { url: session.url, sessionId: session.id };
}

/**
 * Expires, at Stripe first, the buyer's other open sessions for the same course (or plan, at
 * any interval). Stripe refuses to expire a session that is no longer open — completed
 * meanwhile, or already expired — which is fine: completed ones are fulfilled (or refunded
 * as duplicates) by the webhook path; expired ones are marked here.
 */
async function expireOtherOpenSessions(db: Database, buyer: CheckoutBuyer, target: Target, exceptIdempotencyKey: string) {
  await expireSessions(db, await findOtherOpenCheckoutSessions(db, { userId: buyer.id, courseId: target.courseId, planId: target.planId, exceptIdempotencyKey }));
}

async function expireSessions(db: Database, open: CheckoutSessionRow[]) {
  const expired: string[] = [];
  for (const row of open) {
    try {
      await expireCheckoutSession(row.stripeCheckoutSessionId, `checkout-expire:${row.stripeCheckoutSessionId}`);
      expired.push(row.id);
    } catch (error) {
      if (!(error instanceof StripeFailure) || error.transient) throw error;
    }
  }
  await markCheckoutSessionsExpired(db, expired);
}

async function courseTarget(db: Database, buyer: CheckoutBuyer, request: Extract<CheckoutRequest, { kind: 'course' }>): Promise<Target> {
  const row = await findCourseForSale(db, request.courseSlug, request.currency);
  if (!row || row.course.status === 'draft') throw new CheckoutRefusal('not_found', 'That course does not exist.');
  if (!row.price) throw new CheckoutRefusal('not_for_sale', 'This course is not on sale in that currency.');
  const access = await getCourseAccess(db, buyer.id, row.course.id);
  if (access.allowed) {
    throw new CheckoutRefusal(
      'already_owned',
      access.via === 'purchase' || access.via === 'grant' ? 'You already own this course — no need to buy it again.' : 'This course is already included in your All-Access subscription.',
    );
  }
  return {
    price: row.price,
    owner: { kind: 'course', id: row.course.id, name: row.course.title, description: row.course.summary, stripeProductId: row.course.stripeProductId },
    courseId: row.course.id,
    planId: null,
    cancelPath: `/courses/${row.course.slug}?checkout=canceled`,
  };
}

async function planTarget(db: Database, buyer: CheckoutBuyer, request: Extract<CheckoutRequest, { kind: 'plan' }>): Promise<Target> {
  const row = await findPlanForSale(db, request.planSlug, request.interval, request.currency);
  if (!row) throw new CheckoutRefusal('not_found', 'That plan does not exist.');
  if (!row.price) throw new CheckoutRefusal('not_for_sale', 'This plan is not offered in that currency.');
  if (await hasAllAccess(db, buyer.id)) {
    throw new CheckoutRefusal('already_subscribed', 'You already have All-Access. Manage it from your account.');
  }
  return {
    price: row.price,
    owner: { kind: 'plan', id: row.plan.id, name: row.plan.name, description: row.plan.description, stripeProductId: row.plan.stripeProductId },
    courseId: null,
    planId: row.plan.id,
    cancelPath: '/pricing?checkout=canceled',
  };
}
