import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { recordAccessEvent } from '@/db/queries/access-log';
import { listDisputeQueue } from '@/db/queries/admin-disputes';
import { saveLessonProgress } from '@/db/queries/learning';
import { auditLog, disputeEvidence, disputes, enrollments, lessons, payments } from '@/db/schema';
import { seedUser } from '@/db/seed/factories';
import { refusal } from '@/tests/support/refusal';
import { payHostedCheckout, setupSandbox, startCoursePurchase } from '@/tests/support/billing-harness';
import { captureLogs } from '@/tests/support/logs';
import { setupTestDb } from '@/tests/support/test-db';
import { control, eventually, expectNoFailedEventsAfterEach, setupWebhookReceiver } from '@/tests/support/webhook-harness';
import { DEFAULT_STORE_SETTINGS } from '@/lib/settings/store';
import { loadDisputeEvidence, saveDisputeEvidenceDraft, submitDisputeEvidenceToStripe } from './disputes';

const getDb = setupTestDb();
const getStripe = setupSandbox();
setupWebhookReceiver(getDb, getStripe);

expectNoFailedEventsAfterEach(getDb, getStripe);

/** A learner buys a course, uses it, and their bank disputes the charge. */
async function disputedPurchase() {
  const { db } = getDb();
  const { user, course, url } = await startCoursePurchase(db);
  await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
  const payment = await eventually(async () => {
    const [row] = await db.select().from(payments).where(eq(payments.userId, user.id));
    const [enrolled] = await db.select().from(enrollments).where(eq(enrollments.userId, user.id));
    return row?.status === 'succeeded' && row.stripeChargeId && enrolled ? row : null;
  });
  await recordAccessEvent(db, { userId: user.id, event: 'sign_in', ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15' });
  const courseLessons = await db.select().from(lessons).where(eq(lessons.courseId, course.id)).orderBy(lessons.position);
  await saveLessonProgress(db, { userId: user.id, lessonId: courseLessons[0]!.id, courseId: course.id, completed: true });
  await saveLessonProgress(db, { userId: user.id, lessonId: courseLessons[1]!.id, courseId: course.id, completed: null });
  const opened = await control<{ id: string }>(getStripe().sandbox, `charges/${payment.stripeChargeId}/dispute`, { reason: 'product_not_received' });
  const dispute = await eventually(async () => (await db.select().from(disputes).where(eq(disputes.stripeDisputeId, opened.id)))[0]);
  return { user, course, payment, dispute, lessons: courseLessons };
}

describe('dispute evidence', () => {
  it('is compiled from the learner, the purchase and their lesson progress, saved as a draft, submitted once, and the outcome arrives by webhook', async () => {
    const { db } = getDb();
    const admin = await seedUser(db, { role: 'admin' });
    const actor = { id: admin.id, email: admin.email };
    const { user, course, payment, dispute, lessons: courseLessons } = await disputedPurchase();

    // In the queue, with its deadline.
    const queue = await listDisputeQueue(db, 'open');
    expect(queue.find((row) => row.id === dispute.id)).toMatchObject({ learnerEmail: user.email, courseTitle: course.title, status: 'needs_response', reason: 'product_not_received' });
    expect(dispute.evidenceDueBy!.getTime()).toBeGreaterThan(Date.now());

    const view = await loadDisputeEvidence(db, dispute.id);
    expect(view?.source).toBe('compiled');
    const draft = view!.draft;
    expect(draft.customer_email_address).toBe(user.email);
    expect(draft.customer_name).toBe(user.name);
    expect(draft.product_description).toContain(course.title);
    expect(draft.service_date).toBe((payment.succeededAt ?? payment.createdAt).toISOString().slice(0, 10));
    expect(draft.access_activity_log).toContain(`Completed lesson 1 "${courseLessons[0]!.title}"`);
    expect(draft.access_activity_log).toContain(`Opened lesson 2 "${courseLessons[1]!.title}"`);
    expect(draft.access_activity_log).toContain('Signed in (from 203.0.113.7, Safari on Mac OS X)');
    expect(draft.access_activity_log).toMatch(/2 of 4 lessons opened, 1 completed/);
    // The store's settings (defaults until an admin saves them): seller and refund policy.
    expect(draft.refund_policy_disclosure).toContain(`The refund policy reads:\n${DEFAULT_STORE_SETTINGS.refundPolicy}`);
    expect(draft.product_description).toContain(`sold by ${DEFAULT_STORE_SETTINGS.sellerName}`);
    expect(draft.uncategorized_text).toContain(`Seller:\n${DEFAULT_STORE_SETTINGS.sellerName}`);
    expect(draft.uncategorized_text).toContain(payment.stripePaymentIntentId);

    // Submitting before saving is refused; saving records an audit row with before/after.
    const attemptId = randomUUID();
    expect(await refusal(() => submitDisputeEvidenceToStripe(db, actor, { disputeId: dispute.id, attemptId }))).toMatch(/Save the evidence/);
    const edited = { ...draft, uncategorized_text: `${draft.uncategorized_text}\nThe learner wrote to thank us on day 2.` };
    expect(await saveDisputeEvidenceDraft(db, actor, { disputeId: dispute.id, ...edited })).toEqual({ saved: true, changed: Object.values(edited).filter(Boolean).length });
    expect((await loadDisputeEvidence(db, dispute.id))?.source).toBe('draft');
    expect(await saveDisputeEvidenceDraft(db, actor, { disputeId: dispute.id, ...edited, customer_name: 'A. Learner' })).toEqual({ saved: true, changed: 1 });
    const saves = await db.select().from(auditLog).where(eq(auditLog.action, 'dispute.evidence_saved'));
    expect(saves.at(-1)?.data).toMatchObject({ changed: ['customer_name'], before: { customer_name: user.name }, after: { customer_name: 'A. Learner' } });

    // Control characters and oversize fields are refused, nothing saved.
    expect(await refusal(() => saveDisputeEvidenceDraft(db, actor, { disputeId: dispute.id, ...edited, customer_name: 'x\u0007' }))).toMatch(/control characters/);
    expect(await refusal(() => saveDisputeEvidenceDraft(db, actor, { disputeId: dispute.id, ...edited, access_activity_log: 'x'.repeat(20_001) }))).toMatch(/at most 20,000/);

    // Submit: Stripe has the evidence and the dispute is under review. A double submit is one.
    expect(await submitDisputeEvidenceToStripe(db, actor, { disputeId: dispute.id, attemptId })).toEqual({ submitted: true });
    const atStripe = await getStripe().stripe.disputes.retrieve(dispute.stripeDisputeId);
    expect(atStripe.status).toBe('under_review');
    expect(atStripe.evidence.customer_name).toBe('A. Learner');
    expect(atStripe.evidence.access_activity_log).toContain(courseLessons[0]!.title);
    expect(atStripe.evidence.cancellation_rebuttal).toBeNull();
    expect(atStripe.evidence_details.submission_count).toBe(1);
    await eventually(async () => (await db.select().from(disputes).where(eq(disputes.id, dispute.id)))[0]?.status === 'under_review');
    expect(await refusal(() => submitDisputeEvidenceToStripe(db, actor, { disputeId: dispute.id, attemptId }))).toMatch(/under review/);
    const [saved] = await db.select().from(disputeEvidence).where(eq(disputeEvidence.disputeId, dispute.id));
    expect(saved?.submittedAt).toBeInstanceOf(Date);
    expect(await db.$count(auditLog, eq(auditLog.action, 'dispute.evidence_submitted'))).toBe(1);

    // The bank decides: won, through the webhook path.
    await control(getStripe().sandbox, `disputes/${dispute.stripeDisputeId}/close`, { outcome: 'won' });
    await eventually(async () => (await db.select().from(disputes).where(eq(disputes.id, dispute.id)))[0]?.status === 'won');
    expect((await listDisputeQueue(db, 'closed')).find((row) => row.id === dispute.id)).toMatchObject({ status: 'won' });
  });

  it('says so when Stripe refuses (a dispute closed meanwhile), and records no submission', async () => {
    const { db } = getDb();
    const admin = await seedUser(db, { role: 'admin' });
    const actor = { id: admin.id, email: admin.email };
    const { dispute } = await disputedPurchase();
    const view = await loadDisputeEvidence(db, dispute.id);
    await saveDisputeEvidenceDraft(db, actor, { disputeId: dispute.id, ...view!.draft });
    // Closed at Stripe, but our mirror has not heard yet: Stripe's refusal is the answer.
    await getStripe().stripe.disputes.close(dispute.stripeDisputeId);
    const logs = captureLogs();
    const message = await refusal(() => submitDisputeEvidenceToStripe(db, actor, { disputeId: dispute.id, attemptId: randomUUID() }));
    // Either Stripe refused (our mirror had not heard yet) or the webhook got there first.
    if (message === 'Stripe says this dispute is already closed; nothing was submitted.') {
      expect(logs.lines().filter((l) => l.msg?.startsWith('dispute evidence'))).toEqual([
        expect.objectContaining({ level: 'warn', msg: 'dispute evidence: Stripe refused the submission', disputeId: dispute.stripeDisputeId, kind: 'invalid_request', stripeCode: 'dispute_already_closed' }),
      ]);
    } else expect(message).toBe('This dispute is lost; its evidence can no longer be changed.');
    const [saved] = await db.select().from(disputeEvidence).where(eq(disputeEvidence.disputeId, dispute.id));
    expect(saved?.submittedAt).toBeNull();
    await eventually(async () => (await db.select().from(disputes).where(eq(disputes.id, dispute.id)))[0]?.status === 'lost');
  });
});
