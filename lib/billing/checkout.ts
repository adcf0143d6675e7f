import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { checkoutSessions, courses, plans, prices } from '@/db/schema';
import type { PriceInterval } from '@/db/schema/enums';
import { env } from '@/lib/env';
import { getStripe } from '@/lib/stripe/client';
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
  price: typeof prices.$inferSelect;
  owner: { kind: 'course' | 'plan'; id: string; name: string; description: string; stripeProductId: string | null };
  courseId: string | null;
  planId: string | null;
  cancelPath: string;
};

/**
 * Starts a hosted Checkout. Everything that decides money — price, currency, quantity,
 * owner — comes from our database, never the form. The Stripe call's idempotency key is
 * derived from (buyer, price, attempt), so a double-click or a retried action gets the same
 * session instead of a second one. Refuses, before any charge, to sell what the buyer has.
 */
export async function createCheckoutSession(db: Database, buyer: CheckoutBuyer, request: CheckoutRequest): Promise<{ url: string; sessionId: string }> {
  const target = request.kind === 'course' ? await courseTarget(db, buyer, request) : await planTarget(db, buyer, request);
  const [customerId, stripePriceId] = await Promise.all([
    ensureStripeCustomer(db, buyer),
    ensureStripePrice(db, target.price, target.owner),
  ]);
  const idempotencyKey = `checkout:${buyer.id}:${target.price.id}:${request.attemptId}`;
  const metadata = {
    user_id: buyer.id,
    price_id: target.price.id,
    ...(target.courseId ? { course_id: target.courseId } : {}),
    ...(target.planId ? { plan_id: target.planId } : {}),
  };
  const mode = target.price.type === 'recurring' ? 'subscription' : 'payment';
  const session = await getStripe().checkout.sessions.create(
    {
      mode,
      customer: customerId,
      client_reference_id: buyer.id,
      line_items: [{ price: stripePriceId, quantity: 1 }],
      metadata,
      allow_promotion_codes: true,
      success_url: `${env.APP_URL}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${env.APP_URL}${target.cancelPath}`,
      ...(mode === 'payment'
        ? { payment_intent_data: { metadata } }
        : { subscription_data: { metadata } }),
    },
    { idempotencyKey },
  );
  if (!session.url) throw new Error(`Checkout session ${session.id} has no URL`);
  await db
    .insert(checkoutSessions)
    .values({
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
    })
    .onConflictDoNothing();
  return { url: session.url, sessionId: session.id };
}

async function courseTarget(db: Database, buyer: CheckoutBuyer, request: Extract<CheckoutRequest, { kind: 'course' }>): Promise<Target> {
  const [row] = await db
    .select({ course: courses, price: prices })
    .from(courses)
    .leftJoin(prices, and(eq(prices.courseId, courses.id), eq(prices.currency, request.currency), eq(prices.type, 'one_time'), eq(prices.active, true)))
    .where(eq(courses.slug, request.courseSlug))
    .limit(1);
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
  const [row] = await db
    .select({ plan: plans, price: prices })
    .from(plans)
    .leftJoin(
      prices,
      and(eq(prices.planId, plans.id), eq(prices.currency, request.currency), eq(prices.interval, request.interval), eq(prices.active, true)),
    )
    .where(eq(plans.slug, request.planSlug))
    .limit(1);
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
