import { z } from 'zod';
import type { Database } from '@/db/client';
import {
  findCourseTitle,
  findInvoiceReceiptFacts,
  findLearnerPaymentForReceipt,
  findUserById,
  insertAdminNote,
  lockCompGrant,
  lockLearnerEnrollment,
  revokeEnrollmentByAdmin,
  upsertCompGrant,
} from '@/db/queries/admin-learners';
import { appendAudit } from '@/db/queries/audit';
import { ActionRefusal } from '@/lib/actions/refusal';
import { paymentMethodLabel } from '@/lib/billing/payment-method-label';
import { enqueueNotification } from '@/lib/notifications/outbox';
import type { EnqueueParams } from '@/lib/notifications/outbox';
import { purchaseReceipt, renewalReceipt } from '@/lib/notifications/payloads';
import { type AdminActor, adminText, attemptId, parseAdminInput, rowId, userId } from './validation';

// What an admin can do to a learner: comp access to a course (with an optional end), take
// access away, write a note, resend a receipt. Each runs in one transaction with its audit
// row (who, what, before and after), so a change and its trail exist together or not at all.

const DAY_MS = 24 * 60 * 60 * 1000;

/** `YYYY-MM-DD` from a date input, or empty for no end. Kept a string so parsing twice is the same. */
const expiryDate = z.union([z.literal(''), z.iso.date({ error: 'Enter the last day of access as a date, or leave it empty.' })]).optional();

/** Access lasts through the chosen day (UTC), so it ends at the next midnight. */
export const expiryFromDay = (day: string | undefined): Date | null => (day ? new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS) : null);

export const grantAccessInput = z.object({
  userId,
  courseId: z.uuid({ error: 'Choose a course.' }),
  reason: adminText('a reason', 3, 500),
  expiresOn: expiryDate,
});

export const revokeAccessInput = z.object({ userId, enrollmentId: rowId, reason: adminText('a reason', 3, 500) });
export const addNoteInput = z.object({ userId, body: adminText('a note', 1, 4000) });
export const resendReceiptInput = z.object({ userId, paymentId: rowId, attemptId });

async function findLearnerOrThrow(db: Database, id: string) {
  const learner = await findUserById(db, id);
  if (!learner || learner.deletedAt) throw new ActionRefusal('That learner could not be found.');
  return learner;
}

/** Comp access to a course, optionally until a date. Granting again renews the same grant. */
export async function grantCourseAccess(db: Database, admin: AdminActor, input: unknown, now = new Date()) {
  const params = parseAdminInput(grantAccessInput, input);
  const expiresAt = expiryFromDay(params.expiresOn);
  if (expiresAt && expiresAt <= now) throw new ActionRefusal('The last day of access is in the past. Choose today or a later day, or leave it empty.');
  await findLearnerOrThrow(db, params.userId);
  const course = await findCourseTitle(db, params.courseId);
  if (!course) throw new ActionRefusal('That course could not be found.');
  return db.transaction(async (tx) => {
    const before = await lockCompGrant(tx, params.userId, params.courseId);
    const after = await upsertCompGrant(tx, { userId: params.userId, courseId: params.courseId, grantedByUserId: admin.id, reason: params.reason, expiresAt });
    await appendAudit(tx, {
      actorType: 'admin',
      actorUserId: admin.id,
      action: 'enrollment.granted',
      entityType: 'enrollment',
      entityId: after.id,
      data: { learnerId: params.userId, courseId: course.id, courseTitle: course.title, before: before ? snapshot(before) : null, after: snapshot(after) },
    });
    return { enrollmentId: after.id, courseTitle: course.title, expiresAt };
  });
}

function snapshot(row: { status: string; expiresAt: Date | null; grantReason: string | null; revokeReason: string | null }) {
  return { status: row.status, expiresAt: row.expiresAt?.toISOString() ?? null, grantReason: row.grantReason, revokeReason: row.revokeReason };
}

/**
 * Takes away one enrollment (a comp grant or a purchase; subscription access ends with the
 * subscription). The money is not touched: refunding is its own action.
 */
export async function revokeCourseAccess(db: Database, admin: AdminActor, input: unknown) {
  const params = parseAdminInput(revokeAccessInput, input);
  await findLearnerOrThrow(db, params.userId);
  return db.transaction(async (tx) => {
    const before = await lockLearnerEnrollment(tx, params.userId, params.enrollmentId);
    if (!before) throw new ActionRefusal('That enrollment could not be found for this learner.');
    if (before.status === 'revoked') return { changed: false };
    if (before.source === 'subscription') throw new ActionRefusal('This access comes from the All-Access subscription; cancel the subscription instead.');
    await revokeEnrollmentByAdmin(tx, before.id);
    await appendAudit(tx, {
      actorType: 'admin',
      actorUserId: admin.id,
      action: 'enrollment.revoked',
      entityType: 'enrollment',
      entityId: before.id,
      data: { learnerId: params.userId, courseId: before.courseId, source: before.source, reason: params.reason, before: snapshot(before), after: { ...snapshot(before), status: 'revoked', revokeReason: 'admin' } },
    });
    return { changed: true };
  });
}

/** A note on the learner, kept with its author and time. */
export async function addLearnerNote(db: Database, admin: AdminActor, input: unknown) {
  const params = parseAdminInput(addNoteInput, input);
  await findLearnerOrThrow(db, params.userId);
  return db.transaction(async (tx) => {
    const note = await insertAdminNote(tx, { userId: params.userId, authorUserId: admin.id, body: params.body });
    await appendAudit(tx, { actorType: 'admin', actorUserId: admin.id, action: 'learner.note_added', entityType: 'user', entityId: params.userId, data: { noteId: note.id, before: null, after: { body: params.body } } });
    return note;
  });
}

const RECEIPTED = new Set(['succeeded', 'partially_refunded', 'refunded']);

/**
 * Sends a payment's receipt again (a course's purchase receipt, or a subscription invoice's
 * renewal receipt), through the outbox. The form's attempt id makes
 * the dedupe key: a double submit or a retried request enqueues one email; a new visit to the
 * page can send another.
 */
export async function resendReceipt(db: Database, admin: AdminActor, input: unknown) {
  const params = parseAdminInput(resendReceiptInput, input);
  const learner = await findLearnerOrThrow(db, params.userId);
  const payment = await findLearnerPaymentForReceipt(db, params.userId, params.paymentId);
  if (!payment) throw new ActionRefusal('That payment could not be found for this learner.');
  if (!RECEIPTED.has(payment.status)) throw new ActionRefusal('Only a completed payment has a receipt to send.');
  const to = { userId: learner.id, email: learner.email, name: learner.name };
  const paid = {
    id: payment.id,
    stripePaymentIntentId: payment.stripePaymentIntentId,
    amount: payment.amount,
    currency: payment.currency,
    methodLabel: paymentMethodLabel({ type: payment.paymentMethodType, brand: payment.cardBrand, last4: payment.cardLast4 }),
    paidAt: payment.succeededAt ?? payment.createdAt,
    amountDiscount: payment.amountDiscount,
    discountCode: payment.discountCode,
  };
  let message: EnqueueParams<'purchase-receipt'> | EnqueueParams<'renewal-receipt'>;
  if (payment.courseTitle && payment.courseSlug) {
    message = purchaseReceipt(to, paid, { title: payment.courseTitle, slug: payment.courseSlug });
  } else {
    // A subscription payment: the renewal receipt of the invoice it paid.
    const invoice = payment.stripeInvoiceId ? await findInvoiceReceiptFacts(db, payment.stripeInvoiceId) : null;
    if (!invoice) throw new ActionRefusal('This payment has no course or invoice to write a receipt for.');
    message = renewalReceipt(to, invoice.planName ?? 'All-Access', { ...invoice, paidAt: invoice.paidAt ?? paid.paidAt }, paid);
  }
  const dedupeKey = `receipt-resend:${payment.id}:${params.attemptId}`;
  return db.transaction(async (tx) => {
    const { enqueued } = await enqueueNotification(tx, { ...message, dedupeKey });
    await appendAudit(tx, {
      actorType: 'admin',
      actorUserId: admin.id,
      action: 'receipt.resent',
      entityType: 'payment',
      entityId: payment.id,
      data: { learnerId: learner.id, to: learner.email, before: null, after: { outboxKey: dedupeKey } },
      dedupeKey: `audit:${dedupeKey}`,
    });
    return { enqueued, to: learner.email };
  });
}
