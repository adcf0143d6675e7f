import { and, asc, desc, eq, inArray, isNotNull, notInArray, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { accessLog, courses, disputeEvidence, disputes, invoices, lessonProgress, lessons, payments, plans, subscriptions, users } from '../schema';
import type { DisputeEvidenceFields } from '../schema/admin';
import type { DisputeStatus } from '../schema/enums';

// Reads and writes behind the admin's Disputes pages.

/** Statuses in which the merchant can still answer (evidence can be submitted). */
export const OPEN_DISPUTE_STATUSES = ['needs_response', 'warning_needs_response'] as const satisfies readonly DisputeStatus[];
/** Waiting for the bank, or closed. */
export const CLOSED_DISPUTE_STATUSES = ['won', 'lost', 'warning_closed', 'prevented'] as const satisfies readonly DisputeStatus[];

export type DisputeQueueFilter = 'open' | 'review' | 'closed';

const queueColumns = {
  id: disputes.id,
  stripeDisputeId: disputes.stripeDisputeId,
  amount: disputes.amount,
  currency: disputes.currency,
  status: disputes.status,
  reason: disputes.reason,
  evidenceDueBy: disputes.evidenceDueBy,
  closedAt: disputes.closedAt,
  createdAt: disputes.createdAt,
  learnerId: users.id,
  learnerEmail: users.email,
  learnerName: users.name,
  courseTitle: courses.title,
  submittedAt: disputeEvidence.submittedAt,
  hasDraft: sql<boolean>`(${disputeEvidence.disputeId} is not null)`,
};

/**
 * The queue: disputes that need an answer by response deadline (soonest first, the
 * disputes_status_due_idx order); those under review by deadline; closed ones newest first.
 */
export async function listDisputeQueue(db: Database, filter: DisputeQueueFilter, limit = 100) {
  const base = db
    .select(queueColumns)
    .from(disputes)
    .leftJoin(payments, eq(payments.id, disputes.paymentId))
    .leftJoin(users, eq(users.id, payments.userId))
    .leftJoin(courses, eq(courses.id, payments.courseId))
    .leftJoin(disputeEvidence, eq(disputeEvidence.disputeId, disputes.id));
  if (filter === 'open') {
    return base.where(inArray(disputes.status, OPEN_DISPUTE_STATUSES)).orderBy(sql`${disputes.evidenceDueBy} asc nulls last`, asc(disputes.id)).limit(limit);
  }
  if (filter === 'review') {
    return base
      .where(notInArray(disputes.status, [...OPEN_DISPUTE_STATUSES, ...CLOSED_DISPUTE_STATUSES]))
      .orderBy(sql`${disputes.evidenceDueBy} asc nulls last`, asc(disputes.id))
      .limit(limit);
  }
  return base.where(inArray(disputes.status, CLOSED_DISPUTE_STATUSES)).orderBy(sql`${disputes.closedAt} desc nulls last`, desc(disputes.createdAt)).limit(limit);
}

export type DisputeQueueRow = Awaited<ReturnType<typeof listDisputeQueue>>[number];

/** How many disputes sit in each part of the queue (for the tabs). */
export async function countDisputeQueue(db: Database): Promise<Record<DisputeQueueFilter, number>> {
  const [row] = await db
    .select({
      open: sql<number>`count(*) filter (where ${inArray(disputes.status, OPEN_DISPUTE_STATUSES)})::int`,
      closed: sql<number>`count(*) filter (where ${inArray(disputes.status, CLOSED_DISPUTE_STATUSES)})::int`,
      all: sql<number>`count(*)::int`,
    })
    .from(disputes);
  const open = row?.open ?? 0;
  const closed = row?.closed ?? 0;
  return { open, closed, review: (row?.all ?? 0) - open - closed };
}

/** One dispute with the payment, the learner, what was bought and the evidence draft. */
export async function findDisputeForAdmin(db: Database, id: string) {
  const [row] = await db
    .select({
      dispute: disputes,
      payment: {
        id: payments.id,
        stripePaymentIntentId: payments.stripePaymentIntentId,
        stripeChargeId: payments.stripeChargeId,
        amount: payments.amount,
        amountRefunded: payments.amountRefunded,
        currency: payments.currency,
        status: payments.status,
        description: payments.description,
        cardBrand: payments.cardBrand,
        cardLast4: payments.cardLast4,
        paymentMethodType: payments.paymentMethodType,
        succeededAt: payments.succeededAt,
        createdAt: payments.createdAt,
        stripeInvoiceId: payments.stripeInvoiceId,
        courseId: payments.courseId,
      },
      learner: { id: users.id, email: users.email, name: users.name, createdAt: users.createdAt },
      course: { id: courses.id, title: courses.title, summary: courses.summary },
      evidence: {
        fields: disputeEvidence.fields,
        updatedAt: disputeEvidence.updatedAt,
        submittedAt: disputeEvidence.submittedAt,
        updatedByUserId: disputeEvidence.updatedByUserId,
      },
    })
    .from(disputes)
    .leftJoin(payments, eq(payments.id, disputes.paymentId))
    .leftJoin(users, eq(users.id, payments.userId))
    .leftJoin(courses, eq(courses.id, payments.courseId))
    .leftJoin(disputeEvidence, eq(disputeEvidence.disputeId, disputes.id))
    .where(eq(disputes.id, id));
  return row ?? null;
}

export type AdminDispute = NonNullable<Awaited<ReturnType<typeof findDisputeForAdmin>>>;

/** The plan a subscription payment paid for (through its invoice), for the product description. */
export async function findPlanOfInvoice(db: Database, stripeInvoiceId: string) {
  const [row] = await db
    .select({ name: plans.name, description: plans.description })
    .from(invoices)
    .innerJoin(subscriptions, eq(subscriptions.id, invoices.subscriptionId))
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .where(eq(invoices.stripeInvoiceId, stripeInvoiceId));
  return row ?? null;
}

/** Lesson activity: first opened, last opened and completed, per lesson (one course, or all for All-Access). */
export async function listLessonActivity(db: Database, userId: string, courseId: string | null) {
  return db
    .select({
      courseTitle: courses.title,
      position: lessons.position,
      lessonTitle: lessons.title,
      firstOpenedAt: lessonProgress.createdAt,
      lastOpenedAt: lessonProgress.lastViewedAt,
      completedAt: lessonProgress.completedAt,
    })
    .from(lessonProgress)
    .innerJoin(lessons, eq(lessons.id, lessonProgress.lessonId))
    .innerJoin(courses, eq(courses.id, lessonProgress.courseId))
    .where(and(eq(lessonProgress.userId, userId), courseId ? eq(lessonProgress.courseId, courseId) : undefined))
    .orderBy(asc(lessonProgress.createdAt))
    .limit(500);
}

export async function countCourseLessons(db: Database, courseId: string): Promise<number> {
  return db.$count(lessons, eq(lessons.courseId, courseId));
}

/** Sign-ins of the learner, oldest first. */
export async function listSignIns(db: Database, userId: string, limit = 200) {
  return db
    .select({ at: accessLog.createdAt, ip: accessLog.ip, userAgent: accessLog.userAgent })
    .from(accessLog)
    .where(and(eq(accessLog.userId, userId), eq(accessLog.event, 'sign_in')))
    .orderBy(desc(accessLog.createdAt))
    .limit(limit)
    .then((rows) => rows.reverse());
}

/** The draft, locked for the rest of the transaction (the before of an audit row). */
export async function lockEvidenceDraft(db: Database, disputeId: string) {
  const [row] = await db.select().from(disputeEvidence).where(eq(disputeEvidence.disputeId, disputeId)).for('update');
  return row ?? null;
}

export async function saveEvidenceDraft(db: Database, params: { disputeId: string; fields: DisputeEvidenceFields; updatedByUserId: string }): Promise<void> {
  await db
    .insert(disputeEvidence)
    .values(params)
    .onConflictDoUpdate({ target: disputeEvidence.disputeId, set: { fields: params.fields, updatedByUserId: params.updatedByUserId, updatedAt: sql`now()` } });
}

export async function markEvidenceSubmitted(db: Database, params: { disputeId: string; submittedByUserId: string }): Promise<void> {
  await db
    .update(disputeEvidence)
    .set({ submittedAt: sql`now()`, submittedByUserId: params.submittedByUserId, updatedAt: sql`now()` })
    .where(and(eq(disputeEvidence.disputeId, params.disputeId), isNotNull(disputeEvidence.disputeId)));
}

/** The dispute row alone (status and Stripe id), for actions. */
export async function findDisputeRow(db: Database, id: string) {
  const [row] = await db.select().from(disputes).where(eq(disputes.id, id));
  return row ?? null;
}
