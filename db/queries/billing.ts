import { eq } from 'drizzle-orm';
import type { Database } from '../client';
import { auditLog, checkoutSessions, courses, customers, payments, plans, prices, subscriptions, users } from '../schema';

// Reads (and the audit append) the billing sync needs. Each takes `db` or a transaction.

export async function findCustomerByStripeId(db: Database, stripeCustomerId: string) {
  const [row] = await db.select().from(customers).where(eq(customers.stripeCustomerId, stripeCustomerId));
  return row ?? null;
}

export async function findCheckoutSessionByStripeId(db: Database, stripeCheckoutSessionId: string) {
  const [row] = await db.select().from(checkoutSessions).where(eq(checkoutSessions.stripeCheckoutSessionId, stripeCheckoutSessionId));
  return row ?? null;
}

export async function findCheckoutSessionByPaymentIntent(db: Database, stripePaymentIntentId: string) {
  const [row] = await db.select().from(checkoutSessions).where(eq(checkoutSessions.stripePaymentIntentId, stripePaymentIntentId));
  return row ?? null;
}

/** Locks our checkout session row (fulfillment's first lock) for the rest of the transaction. */
export async function lockCheckoutSession(db: Database, id: string): Promise<void> {
  await db.select({ id: checkoutSessions.id }).from(checkoutSessions).where(eq(checkoutSessions.id, id)).for('update');
}

/** The payments row for a PaymentIntent, locked for the rest of the transaction. */
export async function lockPaymentByIntentId(db: Database, stripePaymentIntentId: string) {
  const [row] = await db.select().from(payments).where(eq(payments.stripePaymentIntentId, stripePaymentIntentId)).for('update');
  return row ?? null;
}

export async function findPaymentByIntentId(db: Database, stripePaymentIntentId: string) {
  const [row] = await db.select().from(payments).where(eq(payments.stripePaymentIntentId, stripePaymentIntentId));
  return row ?? null;
}

export async function findUserContact(db: Database, userId: string) {
  const [row] = await db.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, userId));
  return row ?? null;
}

export async function findCourseTitle(db: Database, courseId: string): Promise<string | null> {
  const [row] = await db.select({ title: courses.title }).from(courses).where(eq(courses.id, courseId));
  return row?.title ?? null;
}

export async function findPriceByStripeId(db: Database, stripePriceId: string) {
  const [row] = await db.select().from(prices).where(eq(prices.stripePriceId, stripePriceId));
  return row ?? null;
}

export async function findPlanName(db: Database, planId: string): Promise<string | null> {
  const [row] = await db.select({ name: plans.name }).from(plans).where(eq(plans.id, planId));
  return row?.name ?? null;
}

export async function findSubscriptionByStripeId(db: Database, stripeSubscriptionId: string) {
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.stripeSubscriptionId, stripeSubscriptionId));
  return row ?? null;
}

export type StripeAudit = {
  /** The event that caused the change; null when a caller outside the pipeline applies it. */
  stripeEventId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  data?: Record<string, unknown>;
  /** Distinguishes several rows of one action from one event (e.g. two refunds settling). */
  key?: string;
};

/**
 * Appends an audit row for a change Stripe caused. Keyed `<event id>:<action>`, so processing
 * the same event again (a replay) cannot write it twice.
 */
export async function appendStripeAudit(db: Database, entry: StripeAudit): Promise<void> {
  await db
    .insert(auditLog)
    .values({
      actorType: 'stripe',
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      data: entry.data ?? {},
      stripeEventId: entry.stripeEventId,
      // Without an event, the change is keyed by what it changed: recorded once per entity.
      dedupeKey: `${entry.stripeEventId ?? `${entry.entityType}:${entry.entityId ?? ''}`}:${entry.action}${entry.key ? `:${entry.key}` : ''}`,
    })
    .onConflictDoNothing({ target: auditLog.dedupeKey });
}

export async function findCourseSlug(db: Database, courseId: string): Promise<string | null> {
  const [row] = await db.select({ slug: courses.slug }).from(courses).where(eq(courses.id, courseId));
  return row?.slug ?? null;
}

export async function findSubscriptionById(db: Database, id: string) {
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.id, id));
  return row ?? null;
}
