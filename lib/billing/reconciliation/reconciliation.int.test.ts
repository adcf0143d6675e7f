import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { adminAlerts, auditLog, enrollments, payments, reconciliationItems, reconciliationRuns, refunds } from '@/db/schema';
import { payHostedCheckout, setupSandbox, startCoursePurchase } from '@/tests/support/billing-harness';
import { setupTestDb } from '@/tests/support/test-db';
import { control, eventually, settleDeliveries, setupWebhookReceiver } from '@/tests/support/webhook-harness';
import { requestReconciliation, runReconcileJob } from './job';
import { ignoreItem, ReconciliationError, resyncItem } from './resync';

const handle = setupTestDb();
const getStripe = setupSandbox();
setupWebhookReceiver(handle, getStripe);

const started = new Date(Date.now() - 60_000);

async function buyCourse() {
  const { db } = handle();
  const { user, url } = await startCoursePurchase(db);
  await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
  const payment = await eventually(async () => {
    const [row] = await db.select().from(payments).where(eq(payments.userId, user.id));
    const [enrolled] = await db.select().from(enrollments).where(eq(enrollments.userId, user.id));
    return row?.status === 'succeeded' && row.fee !== null && enrolled ? row : null;
  });
  await settleDeliveries(getStripe().sandbox);
  return { user, payment };
}

async function reconcile() {
  const { db } = handle();
  const runId = await requestReconciliation(db, { from: started, to: new Date(Date.now() + 60_000), userId: null });
  await runReconcileJob(db, { maxRuns: 5 });
  const [run] = await db.select().from(reconciliationRuns).where(eq(reconciliationRuns.id, runId));
  const items = await db.select().from(reconciliationItems).where(eq(reconciliationItems.runId, runId));
  return { run: run!, items };
}

const describeItem = (i: { objectType: string; stripeObjectId: string; issue: string; field: string }) => `${i.objectType} ${i.stripeObjectId} ${i.issue} ${i.field}`.trim();

// Shared across the steps below: the ledger is corrupted once, found, then repaired.
const state: { expected: string[]; runId?: string; deleted?: { paymentIntentId: string; userId: string }; fakeIntent?: string } = { expected: [] };

describe('reconciliation', () => {
  it('finds exactly the differences made behind the ledger\'s back', async () => {
    const { db } = handle();
    const { stripe, sandbox } = getStripe();

    const clean = await buyCourse();

    // 1. A payment deleted locally (with the enrollment that points at it).
    const deleted = await buyCourse();
    await db.delete(enrollments).where(eq(enrollments.paymentId, deleted.payment.id));
    await db.delete(payments).where(eq(payments.id, deleted.payment.id));
    state.deleted = { paymentIntentId: deleted.payment.stripePaymentIntentId, userId: deleted.user.id };
    state.expected.push(`payment ${deleted.payment.stripePaymentIntentId} missing_locally`);

    // 2. An amount changed locally.
    const changed = await buyCourse();
    await db.update(payments).set({ amount: 4000 }).where(eq(payments.id, changed.payment.id));
    state.expected.push(`payment ${changed.payment.stripePaymentIntentId} mismatch amount`);

    // 3. A refund dropped locally (the payment's refunded total is still right).
    const dropped = await buyCourse();
    const droppedRefund = await stripe.refunds.create({ payment_intent: dropped.payment.stripePaymentIntentId, amount: 900 });
    await eventually(async () => (await db.select().from(refunds).where(eq(refunds.stripeRefundId, droppedRefund.id)))[0]?.status === 'succeeded');
    await settleDeliveries(sandbox);
    await db.delete(refunds).where(eq(refunds.stripeRefundId, droppedRefund.id));
    state.expected.push(`refund ${droppedRefund.id} missing_locally`);

    // 4. A refund made in Stripe while webhooks are paused: Bursar never hears of it.
    const behind = await buyCourse();
    await control(sandbox, 'webhooks/pause');
    const hidden = await stripe.refunds.create({ payment_intent: behind.payment.stripePaymentIntentId, amount: 1000 });
    await eventually(async () => (await stripe.refunds.retrieve(hidden.id)).status === 'succeeded');
    state.expected.push(
      `refund ${hidden.id} missing_locally`,
      `payment ${behind.payment.stripePaymentIntentId} mismatch amount_refunded`,
      `payment ${behind.payment.stripePaymentIntentId} mismatch status`,
    );

    // 5. A payment only the ledger knows (Stripe never had its charge).
    state.fakeIntent = `pi_ghost${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    await db.insert(payments).values({ stripePaymentIntentId: state.fakeIntent, stripeChargeId: `ch_ghost${randomUUID().replaceAll('-', '').slice(0, 16)}`, amount: 4900, currency: 'usd', status: 'succeeded' });
    state.expected.push(`payment ${state.fakeIntent} missing_in_stripe`);

    const { run, items } = await reconcile();
    state.runId = run.id;
    expect(run.status).toBe('succeeded');
    expect(items.map(describeItem).sort()).toEqual([...state.expected].sort());
    expect(run.mismatchCount).toBe(state.expected.length);
    expect(items.every((i) => i.resolution === 'open')).toBe(true);
    expect(items.some((i) => i.stripeObjectId === clean.payment.stripePaymentIntentId)).toBe(false);
    // Values for the admin: what Stripe says and what the ledger says.
    expect(items.find((i) => i.field === 'amount')).toMatchObject({ expected: 4900, actual: 4000 });
    expect(items.find((i) => i.field === 'amount_refunded')).toMatchObject({ expected: 1000, actual: 0 });
    expect(items.find((i) => i.field === 'status')).toMatchObject({ expected: 'partially_refunded', actual: 'succeeded' });
    // Progress and the settlement summary: 5 charges and 2 refunds listed, gross and fees per currency.
    expect(run.progress).toMatchObject({ phase: 'done', stripeEntries: 7, differences: state.expected.length });
    // One alert for the run, linking to it (not one per difference).
    const alerts = await db.select().from(adminAlerts).where(eq(adminAlerts.kind, 'reconciliation_difference'));
    expect(alerts.map((a) => [a.dedupeKey, a.href])).toEqual([[`reconciliation:${run.id}`, `/admin/reconciliation/${run.id}`]]);
    expect(run.summary).toMatchObject({ settlement: { usd: { gross: 5 * 4900 - 900 - 1000, fees: 5 * 172, entries: 7 } } });
  });

  it('re-sync from Stripe repairs what Stripe can explain, audited; the rest stays open', async () => {
    const { db } = handle();
    const items = await db.select().from(reconciliationItems).where(eq(reconciliationItems.runId, state.runId!));
    for (const item of items) {
      const fresh = (await db.select().from(reconciliationItems).where(eq(reconciliationItems.id, item.id)))[0]!;
      if (fresh.resolution !== 'open' || !fresh.target) continue;
      await resyncItem(db, item.id, { userId: null });
    }
    const after = await db.select().from(reconciliationItems).where(eq(reconciliationItems.runId, state.runId!));
    const open = after.filter((i) => i.resolution === 'open').map(describeItem);
    expect(open).toEqual([`payment ${state.fakeIntent} missing_in_stripe`]);
    expect(after.filter((i) => i.resolution === 'resolved').every((i) => i.note?.startsWith('Re-synced from Stripe'))).toBe(true);

    // The deleted payment is back, with its learner's enrollment, through fulfillment.
    const [restored] = await db.select().from(payments).where(eq(payments.stripePaymentIntentId, state.deleted!.paymentIntentId));
    expect(restored).toMatchObject({ status: 'succeeded', amount: 4900, userId: state.deleted!.userId });
    expect(await db.$count(enrollments, and(eq(enrollments.userId, state.deleted!.userId), eq(enrollments.status, 'active')))).toBe(1);

    const audits = await db.select().from(auditLog).where(eq(auditLog.action, 'reconciliation.resync'));
    expect(audits.length).toBeGreaterThanOrEqual(4);

    // Re-sync refuses what Stripe does not know; an admin can ignore it with a reason, audited.
    const ghost = after.find((i) => i.issue === 'missing_in_stripe')!;
    await expect(resyncItem(db, ghost.id, { userId: null })).rejects.toBeInstanceOf(ReconciliationError);

    // A second run over the same period finds only the ghost: the ledger agrees with Stripe.
    const second = await reconcile();
    expect(second.items.map(describeItem)).toEqual([`payment ${state.fakeIntent} missing_in_stripe`]);

    // Webhooks resume: the late events converge on the repaired rows and change nothing.
    await control(getStripe().sandbox, 'webhooks/resume');
    await settleDeliveries(getStripe().sandbox);
    const third = await reconcile();
    expect(third.items.map(describeItem)).toEqual([`payment ${state.fakeIntent} missing_in_stripe`]);
  });

  it('an ignored difference records who and why in the audit log', async () => {
    const { db } = handle();
    const [ghost] = await db.select().from(reconciliationItems).where(and(eq(reconciliationItems.runId, state.runId!), eq(reconciliationItems.issue, 'missing_in_stripe')));
    const adminId = `admin-${randomUUID()}`;
    await ignoreItem(db, ghost!.id, 'A test row inserted by hand', { userId: adminId });
    const [after] = await db.select().from(reconciliationItems).where(eq(reconciliationItems.id, ghost!.id));
    expect(after).toMatchObject({ resolution: 'ignored', note: 'A test row inserted by hand', resolvedByUserId: adminId });
    const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'reconciliation.ignore'), eq(auditLog.actorUserId, adminId)));
    expect(audit?.data).toMatchObject({ before: { resolution: 'open' }, after: { resolution: 'ignored' } });
    await expect(ignoreItem(db, ghost!.id, 'again', { userId: adminId })).rejects.toThrow('already settled');
  });
});
