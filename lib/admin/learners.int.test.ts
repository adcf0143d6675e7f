import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { listEnrolledCourses } from '@/db/queries/learning';
import { listAdminNotes, searchLearners, sumLifetimeValue } from '@/db/queries/admin-learners';
import { adminNotes, auditLog, customers, enrollments, invoices, outbox, payments, plans, subscriptions } from '@/db/schema';
import { seedCourse, seedUser, uniqueSuffix } from '@/db/seed/factories';
import { refusal } from '@/tests/support/refusal';
import { getCourseAccess } from '@/lib/billing/course-access';
import { setupTestDb } from '@/tests/support/test-db';
import { addLearnerNote, grantCourseAccess, resendReceipt, revokeCourseAccess } from './learners';

const getDb = setupTestDb();

async function setup() {
  const { db } = getDb();
  const admin = await seedUser(db, { role: 'admin' });
  const learner = await seedUser(db);
  const { course } = await seedCourse(db);
  return { db, admin: { id: admin.id, email: admin.email }, learner, course };
}

const auditOf = (entityId: string) => getDb().db.select().from(auditLog).where(eq(auditLog.entityId, entityId));

describe('comp grants', () => {
  it('opens the course for the learner, with an audit row, and renews the same grant', async () => {
    const { db, admin, learner, course } = await setup();
    expect((await getCourseAccess(db, learner.id, course.id)).allowed).toBe(false);

    const { enrollmentId } = await grantCourseAccess(db, admin, { userId: learner.id, courseId: course.id, reason: 'Conference speaker', expiresOn: '' });
    expect(await getCourseAccess(db, learner.id, course.id)).toEqual({ allowed: true, via: 'grant', until: null });
    expect((await listEnrolledCourses(db, learner.id)).map((c) => c.id)).toEqual([course.id]);
    const [audit] = await auditOf(enrollmentId);
    expect(audit).toMatchObject({ actorType: 'admin', actorUserId: admin.id, action: 'enrollment.granted' });
    expect(audit?.data).toMatchObject({ learnerId: learner.id, before: null, after: { status: 'active', expiresAt: null, grantReason: 'Conference speaker' } });

    // Granting again with an end date updates the one grant, and the audit shows before/after.
    const again = await grantCourseAccess(db, admin, { userId: learner.id, courseId: course.id, reason: 'Trial for a month', expiresOn: '2099-01-31' });
    expect(again.enrollmentId).toBe(enrollmentId);
    expect(again.expiresAt).toEqual(new Date('2099-02-01T00:00:00Z'));
    const rows = await db.select().from(enrollments).where(and(eq(enrollments.userId, learner.id), eq(enrollments.courseId, course.id)));
    expect(rows).toHaveLength(1);
    const audits = await auditOf(enrollmentId);
    expect(audits.at(-1)?.data).toMatchObject({ before: { expiresAt: null, grantReason: 'Conference speaker' }, after: { expiresAt: '2099-02-01T00:00:00.000Z', grantReason: 'Trial for a month' } });
  });

  it('ends access at the expiry: the access rule and My courses both honour it', async () => {
    const { db, admin, learner, course } = await setup();
    const now = new Date('2030-06-10T12:00:00Z');
    await grantCourseAccess(db, admin, { userId: learner.id, courseId: course.id, reason: 'Scholarship', expiresOn: '2030-06-12' }, now);
    expect(await getCourseAccess(db, learner.id, course.id, now)).toEqual({ allowed: true, via: 'grant', until: new Date('2030-06-13T00:00:00Z') });
    expect(await getCourseAccess(db, learner.id, course.id, new Date('2030-06-12T23:59:59Z'))).toMatchObject({ allowed: true });
    expect(await getCourseAccess(db, learner.id, course.id, new Date('2030-06-13T00:00:00Z'))).toEqual({ allowed: false, reason: 'grant_expired' });
  });

  it('refuses bad input and a past expiry with no write', async () => {
    const { db, admin, learner, course } = await setup();
    expect(await refusal(() => grantCourseAccess(db, admin, { userId: learner.id, courseId: course.id, reason: 'ok', expiresOn: '' }))).toMatch(/at least 3/);
    expect(await refusal(() => grantCourseAccess(db, admin, { userId: learner.id, courseId: 'nope', reason: 'Because', expiresOn: '' }))).toBe('Choose a course.');
    expect(await refusal(() => grantCourseAccess(db, admin, { userId: learner.id, courseId: course.id, reason: 'Because', expiresOn: '31/12/2099' }))).toMatch(/as a date/);
    expect(await refusal(() => grantCourseAccess(db, admin, { userId: learner.id, courseId: course.id, reason: 'Because', expiresOn: '2020-01-01' }))).toMatch(/in the past/);
    expect(await refusal(() => grantCourseAccess(db, admin, { userId: learner.id, courseId: randomUUID(), reason: 'Because', expiresOn: '' }))).toBe('That course could not be found.');
    expect(await refusal(() => grantCourseAccess(db, admin, { userId: 'missing-user', courseId: course.id, reason: 'Because', expiresOn: '' }))).toBe('That learner could not be found.');
    expect(await db.select().from(enrollments).where(eq(enrollments.userId, learner.id))).toEqual([]);
  });

  it('revokes a grant (once), closing the course, with an audit row', async () => {
    const { db, admin, learner, course } = await setup();
    const { enrollmentId } = await grantCourseAccess(db, admin, { userId: learner.id, courseId: course.id, reason: 'Beta reader', expiresOn: '' });
    expect(await revokeCourseAccess(db, admin, { userId: learner.id, enrollmentId, reason: 'Beta is over' })).toEqual({ changed: true });
    expect(await getCourseAccess(db, learner.id, course.id)).toMatchObject({ allowed: false });
    expect(await revokeCourseAccess(db, admin, { userId: learner.id, enrollmentId, reason: 'Beta is over' })).toEqual({ changed: false });
    const revoked = (await auditOf(enrollmentId)).filter((a) => a.action === 'enrollment.revoked');
    expect(revoked).toHaveLength(1);
    expect(revoked[0]?.data).toMatchObject({ reason: 'Beta is over', before: { status: 'active' }, after: { status: 'revoked' } });
    // Another learner's enrollment id is not found through this learner.
    const other = await seedUser(db);
    expect(await refusal(() => revokeCourseAccess(db, admin, { userId: other.id, enrollmentId, reason: 'Wrong person' }))).toMatch(/could not be found/);
  });
});

describe('notes, search, lifetime value, receipts', () => {
  it('keeps notes with author and time; refuses control characters', async () => {
    const { db, admin, learner } = await setup();
    await addLearnerNote(db, admin, { userId: learner.id, body: '  Called about an invoice.\nAll good.  ' });
    const [note] = await listAdminNotes(db, learner.id);
    expect(note).toMatchObject({ body: 'Called about an invoice.\nAll good.', authorEmail: admin.email });
    expect(note?.createdAt).toBeInstanceOf(Date);
    expect(await refusal(() => addLearnerNote(db, admin, { userId: learner.id, body: 'bad\u0000' }))).toMatch(/punctuation/);
    expect(await refusal(() => addLearnerNote(db, admin, { userId: learner.id, body: '   ' }))).toBe('Enter a note.');
    expect(await db.select().from(adminNotes).where(eq(adminNotes.userId, learner.id))).toHaveLength(1);
    expect((await auditOf(learner.id)).map((a) => a.action)).toEqual(['learner.note_added']);
  });

  it('searches learners and admins apart, by email or name, with LIKE characters taken literally', async () => {
    const { db } = await setup();
    const tag = uniqueSuffix();
    const ada = await seedUser(db, { email: `ada-${tag}@bursar.test`, name: `Ada ${tag}` });
    const boss = await seedUser(db, { email: `boss-${tag}@bursar.test`, role: 'admin', name: `Boss ${tag}` });
    const envAdmin = await seedUser(db, { email: `ops-${tag}@bursar.test`, name: `Ops ${tag}` });
    const adminEmails = [envAdmin.email];
    expect((await searchLearners(db, { query: tag, kind: 'learners', adminEmails, limit: 50 })).map((u) => u.id)).toEqual([ada.id]);
    expect((await searchLearners(db, { query: tag, kind: 'admins', adminEmails, limit: 50 })).map((u) => u.id).sort()).toEqual([boss.id, envAdmin.id].sort());
    expect((await searchLearners(db, { query: `ADA ${tag}`, kind: 'learners', adminEmails, limit: 50 })).map((u) => u.id)).toEqual([ada.id]);
    expect(await searchLearners(db, { query: `%${tag}`, kind: 'learners', adminEmails, limit: 50 })).toEqual([]);
  });

  it('sums lifetime value per currency, net of refunds, without disputed money', async () => {
    const { db, learner } = await setup();
    const pay = (values: Partial<typeof payments.$inferInsert>) => db.insert(payments).values({ stripePaymentIntentId: `pi_${uniqueSuffix()}`, userId: learner.id, amount: 4900, currency: 'usd', status: 'succeeded', ...values });
    await pay({});
    await pay({ status: 'partially_refunded', amountRefunded: 900 });
    await pay({ status: 'charged_back' });
    await pay({ status: 'failed' });
    await pay({ currency: 'jpy', amount: 4800 });
    expect(await sumLifetimeValue(db, learner.id)).toEqual([
      { currency: 'jpy', net: 4800, payments: 1 },
      { currency: 'usd', net: 8900, payments: 2 },
    ]);
  });

  it('resends a receipt once per form submission, through the outbox', async () => {
    const { db, admin, learner, course } = await setup();
    const [payment] = await db
      .insert(payments)
      .values({ stripePaymentIntentId: `pi_${uniqueSuffix()}`, userId: learner.id, courseId: course.id, amount: 4900, currency: 'usd', status: 'succeeded', succeededAt: new Date(), cardBrand: 'visa', cardLast4: '4242', paymentMethodType: 'card' })
      .returning();
    if (!payment) throw new Error('no payment');
    const attempt = randomUUID();
    const input = { userId: learner.id, paymentId: payment.id, attemptId: attempt };
    expect(await resendReceipt(db, admin, input)).toEqual({ enqueued: true, to: learner.email });
    expect(await resendReceipt(db, admin, input)).toEqual({ enqueued: false, to: learner.email });
    const sent = await db.select().from(outbox).where(eq(outbox.userId, learner.id));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ template: 'purchase-receipt', recipient: learner.email, dedupeKey: `receipt-resend:${payment.id}:${attempt}` });
    expect((await auditOf(payment.id)).filter((a) => a.action === 'receipt.resent')).toHaveLength(1);
    // A new visit to the page (new attempt id) sends another.
    await resendReceipt(db, admin, { ...input, attemptId: randomUUID() });
    expect(await db.select().from(outbox).where(eq(outbox.userId, learner.id))).toHaveLength(2);
    // Not this learner's payment, or not a paid one: refused.
    const other = await seedUser(db);
    expect(await refusal(() => resendReceipt(db, admin, { ...input, userId: other.id }))).toMatch(/could not be found/);
    const [failed] = await db.insert(payments).values({ stripePaymentIntentId: `pi_${uniqueSuffix()}`, userId: learner.id, courseId: course.id, amount: 4900, currency: 'usd', status: 'failed' }).returning();
    expect(await refusal(() => resendReceipt(db, admin, { ...input, paymentId: failed?.id }))).toMatch(/completed payment/);
  });

  it('resends a subscription payment as the renewal receipt of its invoice', async () => {
    const { db, admin, learner } = await setup();
    const suffix = uniqueSuffix();
    const [customer] = await db.insert(customers).values({ userId: learner.id, stripeCustomerId: `cus_${suffix}` }).returning();
    const [plan] = await db.insert(plans).values({ slug: `aa-${suffix}`, name: `All-Access ${suffix}`, description: 'Every course.' }).returning();
    const [sub] = await db.insert(subscriptions).values({ stripeSubscriptionId: `sub_${suffix}`, userId: learner.id, customerId: customer!.id, planId: plan!.id, status: 'active' }).returning();
    await db.insert(invoices).values({ stripeInvoiceId: `in_${suffix}`, stripeSubscriptionId: sub!.stripeSubscriptionId, subscriptionId: sub!.id, userId: learner.id, number: `INV-${suffix}`, currency: 'usd', subtotal: 1900, total: 1900, amountDue: 1900, amountPaid: 1900, status: 'paid', paidAt: new Date('2030-01-01T00:00:00Z'), periodEnd: new Date('2030-02-01T00:00:00Z') });
    const [payment] = await db.insert(payments).values({ stripePaymentIntentId: `pi_${suffix}`, userId: learner.id, stripeInvoiceId: `in_${suffix}`, amount: 1900, currency: 'usd', status: 'succeeded', succeededAt: new Date() }).returning();
    const attemptId = randomUUID();
    expect(await resendReceipt(db, admin, { userId: learner.id, paymentId: payment!.id, attemptId })).toEqual({ enqueued: true, to: learner.email });
    const [sent] = await db.select().from(outbox).where(eq(outbox.dedupeKey, `receipt-resend:${payment!.id}:${attemptId}`));
    expect(sent).toMatchObject({ template: 'renewal-receipt', recipient: learner.email });
    expect(sent?.data).toMatchObject({ planName: plan!.name, amount: 1900, currency: 'usd', periodEnd: '2030-02-01T00:00:00.000Z' });
  });
});
