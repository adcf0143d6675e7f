import { and, asc, desc, eq, ilike, inArray, notInArray, or, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { adminNotes, courses, enrollments, invoices, payments, plans, subscriptions, users } from '../schema';

// Reads and writes behind the admin's Learners pages.

export type LearnerKind = 'learners' | 'admins';
export type LearnerListRow = { id: string; email: string; name: string | null; role: 'learner' | 'admin'; createdAt: Date; deletedAt: Date | null };

/** `%`, `_` and `\` typed into the search box are matched literally. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Learners or admins whose email or name contains `query`, newest first. An admin is a user
 * with the admin role or an address in ADMIN_EMAILS (passed in: this module reads no env).
 */
export async function searchLearners(db: Database, params: { query: string; kind: LearnerKind; adminEmails: readonly string[]; limit: number }): Promise<LearnerListRow[]> {
  const q = params.query.trim();
  const matches = q ? or(ilike(users.email, `%${likeLiteral(q.toLowerCase())}%`), ilike(users.name, `%${likeLiteral(q)}%`)) : undefined;
  const emails = params.adminEmails.length > 0 ? [...params.adminEmails] : ['\u0000'];
  const isAdmin = or(eq(users.role, 'admin'), inArray(users.email, emails));
  const kind = params.kind === 'admins' ? isAdmin : and(eq(users.role, 'learner'), notInArray(users.email, emails));
  return db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, createdAt: users.createdAt, deletedAt: users.deletedAt })
    .from(users)
    .where(and(kind, matches))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(params.limit);
}

export async function findUserById(db: Database, id: string) {
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, createdAt: users.createdAt, deletedAt: users.deletedAt, phone: users.phone })
    .from(users)
    .where(eq(users.id, id));
  return row ?? null;
}

/** A learner's payments, newest first, with what they paid for. */
export async function listLearnerPayments(db: Database, userId: string, limit = 100) {
  return db
    .select({
      id: payments.id,
      stripePaymentIntentId: payments.stripePaymentIntentId,
      amount: payments.amount,
      amountRefunded: payments.amountRefunded,
      currency: payments.currency,
      status: payments.status,
      courseId: payments.courseId,
      courseTitle: courses.title,
      courseSlug: courses.slug,
      stripeInvoiceId: payments.stripeInvoiceId,
      paymentMethodType: payments.paymentMethodType,
      cardBrand: payments.cardBrand,
      cardLast4: payments.cardLast4,
      succeededAt: payments.succeededAt,
      createdAt: payments.createdAt,
    })
    .from(payments)
    .leftJoin(courses, eq(courses.id, payments.courseId))
    .where(eq(payments.userId, userId))
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(limit);
}

export type LearnerPayment = Awaited<ReturnType<typeof listLearnerPayments>>[number];

/**
 * Lifetime value per currency (never summed across currencies): what the learner paid and
 * Bursar kept — succeeded payments less their refunds. Payments under dispute or lost to one
 * are left out (Stripe has withdrawn those funds).
 */
export async function sumLifetimeValue(db: Database, userId: string): Promise<{ currency: string; net: number; payments: number }[]> {
  return db
    .select({
      currency: payments.currency,
      net: sql<number>`coalesce(sum(${payments.amount} - ${payments.amountRefunded}), 0)::int`,
      payments: sql<number>`count(*)::int`,
    })
    .from(payments)
    .where(and(eq(payments.userId, userId), inArray(payments.status, ['succeeded', 'partially_refunded', 'refunded'])))
    .groupBy(payments.currency)
    .orderBy(asc(payments.currency));
}

/** Every enrollment of the learner (active and revoked), with the course and who granted it. */
export async function listLearnerEnrollments(db: Database, userId: string) {
  const grantor = sql<string | null>`(select email from ${users} g where g.id = ${enrollments.grantedByUserId})`;
  return db
    .select({
      id: enrollments.id,
      courseId: enrollments.courseId,
      courseTitle: courses.title,
      courseSlug: courses.slug,
      source: enrollments.source,
      status: enrollments.status,
      grantedAt: enrollments.grantedAt,
      grantReason: enrollments.grantReason,
      grantedByEmail: grantor,
      expiresAt: enrollments.expiresAt,
      revokedAt: enrollments.revokedAt,
      revokeReason: enrollments.revokeReason,
    })
    .from(enrollments)
    .innerJoin(courses, eq(courses.id, enrollments.courseId))
    .where(eq(enrollments.userId, userId))
    .orderBy(desc(enrollments.grantedAt));
}

export type LearnerEnrollment = Awaited<ReturnType<typeof listLearnerEnrollments>>[number];

/** The learner's subscriptions, newest first, with the plan's name. */
export async function listLearnerSubscriptions(db: Database, userId: string) {
  return db
    .select({
      id: subscriptions.id,
      stripeSubscriptionId: subscriptions.stripeSubscriptionId,
      status: subscriptions.status,
      planName: plans.name,
      currentPeriodEnd: subscriptions.currentPeriodEnd,
      cancelAtPeriodEnd: subscriptions.cancelAtPeriodEnd,
      dunningStage: subscriptions.dunningStage,
      createdAt: subscriptions.createdAt,
    })
    .from(subscriptions)
    .leftJoin(plans, eq(plans.id, subscriptions.planId))
    .where(eq(subscriptions.userId, userId))
    .orderBy(desc(subscriptions.createdAt));
}

/** Courses an admin can grant (any status: a draft can be comped for a reviewer), by title. */
export async function listGrantableCourses(db: Database) {
  return db.select({ id: courses.id, title: courses.title, status: courses.status }).from(courses).orderBy(asc(courses.title));
}

export async function findCourseTitle(db: Database, courseId: string) {
  const [row] = await db.select({ id: courses.id, title: courses.title, slug: courses.slug }).from(courses).where(eq(courses.id, courseId));
  return row ?? null;
}

export type GrantSnapshot = { id: string; status: 'active' | 'revoked'; expiresAt: Date | null; grantReason: string | null; grantedByUserId: string | null; revokedAt: Date | null; revokeReason: string | null };

const grantColumns = {
  id: enrollments.id,
  status: enrollments.status,
  expiresAt: enrollments.expiresAt,
  grantReason: enrollments.grantReason,
  grantedByUserId: enrollments.grantedByUserId,
  revokedAt: enrollments.revokedAt,
  revokeReason: enrollments.revokeReason,
};

/** The learner's comp grant for a course, locked for the rest of the transaction. */
export async function lockCompGrant(db: Database, userId: string, courseId: string): Promise<GrantSnapshot | null> {
  const [row] = await db
    .select(grantColumns)
    .from(enrollments)
    .where(and(eq(enrollments.userId, userId), eq(enrollments.courseId, courseId), eq(enrollments.source, 'grant')))
    .for('update');
  return row ?? null;
}

/**
 * Gives (or renews) a comp grant: one row per learner and course (the enrollments business
 * key), so granting again updates the expiry and reason instead of adding a row.
 */
export async function upsertCompGrant(db: Database, params: { userId: string; courseId: string; grantedByUserId: string; reason: string; expiresAt: Date | null }): Promise<GrantSnapshot> {
  const [row] = await db
    .insert(enrollments)
    .values({ userId: params.userId, courseId: params.courseId, source: 'grant', status: 'active', grantedByUserId: params.grantedByUserId, grantReason: params.reason, expiresAt: params.expiresAt })
    .onConflictDoUpdate({
      target: [enrollments.userId, enrollments.courseId, enrollments.source],
      set: {
        status: 'active',
        revokedAt: null,
        revokeReason: null,
        grantedByUserId: params.grantedByUserId,
        grantReason: params.reason,
        expiresAt: params.expiresAt,
        grantedAt: sql`now()`,
        updatedAt: sql`now()`,
      },
    })
    .returning(grantColumns);
  if (!row) throw new Error('upsertCompGrant: upsert returned no row');
  return row;
}

/** One enrollment of this learner, locked; null when the id is not theirs. */
export async function lockLearnerEnrollment(db: Database, userId: string, enrollmentId: string) {
  const [row] = await db
    .select({ ...grantColumns, source: enrollments.source, courseId: enrollments.courseId })
    .from(enrollments)
    .where(and(eq(enrollments.id, enrollmentId), eq(enrollments.userId, userId)))
    .for('update');
  return row ?? null;
}

/** Revokes one enrollment by an admin's decision (the row stays, for the trail). */
export async function revokeEnrollmentByAdmin(db: Database, enrollmentId: string): Promise<void> {
  await db
    .update(enrollments)
    .set({ status: 'revoked', revokedAt: sql`now()`, revokeReason: 'admin', updatedAt: sql`now()` })
    .where(and(eq(enrollments.id, enrollmentId), eq(enrollments.status, 'active')));
}

export async function insertAdminNote(db: Database, params: { userId: string; authorUserId: string; body: string }) {
  const [row] = await db.insert(adminNotes).values(params).returning({ id: adminNotes.id, createdAt: adminNotes.createdAt });
  if (!row) throw new Error('insertAdminNote: insert returned no row');
  return row;
}

/** A learner's notes, newest first, with the author's email. */
export async function listAdminNotes(db: Database, userId: string) {
  return db
    .select({ id: adminNotes.id, body: adminNotes.body, createdAt: adminNotes.createdAt, authorEmail: users.email })
    .from(adminNotes)
    .leftJoin(users, eq(users.id, adminNotes.authorUserId))
    .where(eq(adminNotes.userId, userId))
    .orderBy(desc(adminNotes.createdAt));
}

/** A payment of this learner with what the receipt needs; null when it is not theirs. */
export async function findLearnerPaymentForReceipt(db: Database, userId: string, paymentId: string) {
  const [row] = await db
    .select({
      id: payments.id,
      stripePaymentIntentId: payments.stripePaymentIntentId,
      amount: payments.amount,
      currency: payments.currency,
      status: payments.status,
      paymentMethodType: payments.paymentMethodType,
      cardBrand: payments.cardBrand,
      cardLast4: payments.cardLast4,
      succeededAt: payments.succeededAt,
      createdAt: payments.createdAt,
      amountDiscount: payments.amountDiscount,
      discountCode: payments.discountCode,
      courseTitle: courses.title,
      courseSlug: courses.slug,
      stripeInvoiceId: payments.stripeInvoiceId,
    })
    .from(payments)
    .leftJoin(courses, eq(courses.id, payments.courseId))
    .where(and(eq(payments.id, paymentId), eq(payments.userId, userId)));
  return row ?? null;
}

/** What a renewal receipt says about the invoice a subscription payment paid, with the plan's name. */
export async function findInvoiceReceiptFacts(db: Database, stripeInvoiceId: string) {
  const [row] = await db
    .select({
      stripeInvoiceId: invoices.stripeInvoiceId,
      number: invoices.number,
      amountPaid: invoices.amountPaid,
      currency: invoices.currency,
      paidAt: invoices.paidAt,
      periodEnd: invoices.periodEnd,
      hostedInvoiceUrl: invoices.hostedInvoiceUrl,
      invoicePdf: invoices.invoicePdf,
      planName: plans.name,
    })
    .from(invoices)
    .leftJoin(subscriptions, eq(subscriptions.stripeSubscriptionId, invoices.stripeSubscriptionId))
    .leftJoin(plans, eq(plans.id, subscriptions.planId))
    .where(eq(invoices.stripeInvoiceId, stripeInvoiceId));
  return row ?? null;
}
