import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { adminAlerts, auditLog, enrollments, payments, reconciliationItems, reconciliationRuns, refunds } from '@/db/schema';
import { payHostedCheckout, setupSandbox, startCoursePurchase } from '@/tests/support/billing-harness';
import { setupTestDb } from '@/tests/support/test-db';
import { control, eventually, settleDeliveries, setupWebhookReceiver } from '@/tests/support/webhook-harness';
import { countSeen, rememberSeen } from '@/db/queries/reconciliation-runs';
import { requestReconciliation, runReconcileJob } from './job';
import { ignoreItem, ReconciliationError, resyncItem } from './resync';

const handle = setupTestDb();
const getStripe = setupSandbox();
setupWebhookReceiver(handle, getStripe);

const started = new Date(Date.now() - 60_000);

async function buyCourse(cardNumber = '4242424242424242') {
  const { db } = handle();
  const { user, url } = await startCoursePurchase(db);
  await payHostedCheckout(url, { method: 'card', cardNumber });
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
    // Only the ghost was asked for one by one: the ledger side knows what Stripe listed
    // (reconciliation_seen) and the run left none of those rows behind.
    expect(run.progress).toMatchObject({ phase: 'done', stripeEntries: 7, differences: state.expected.length, ledgerRows: 5, directLookups: 1 });
    expect(await countSeen(db, run.id)).toBe(0);
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

  it('the daily run is queued once per UTC day however often the job runs; a silent run is failed and its seen ids deleted', async () => {
    const { db } = handle();
    // A worker killed mid-run: still "running", no heartbeat for an hour, Stripe ids left behind.
    const [silent] = await db
      .insert(reconciliationRuns)
      .values({ status: 'running', windowStart: new Date('2020-01-01T00:00:00Z'), windowEnd: new Date('2020-01-02T00:00:00Z'), heartbeatAt: new Date(Date.now() - 3_600_000) })
      .returning();
    await rememberSeen(db, silent!.id, [
      { kind: 'charge', stripeId: 'ch_left_behind' },
      { kind: 'refund', stripeId: 're_left_behind' },
    ]);
    expect(await countSeen(db, silent!.id)).toBe(2);

    const now = new Date('2020-01-02T08:00:00Z');
    const first = await runReconcileJob(db, { now });
    expect(first).toMatchObject({ queued: 1, ran: 1, failed: 1 });
    expect(await countSeen(db, silent!.id)).toBe(0);
    const [failed] = await db.select().from(reconciliationRuns).where(eq(reconciliationRuns.id, silent!.id));
    expect(failed).toMatchObject({ status: 'failed', error: 'The worker running it stopped answering.' });
    const [daily] = await db.select().from(reconciliationRuns).where(eq(reconciliationRuns.slot, 'daily:2020-01-01'));
    expect(daily).toMatchObject({ status: 'succeeded', trigger: 'schedule', windowStart: new Date('2020-01-01T00:00:00Z'), windowEnd: new Date('2020-01-02T00:00:00Z') });
    expect(await countSeen(db, daily!.id)).toBe(0);

    // Later the same day (another worker, the next tick): nothing queued again.
    expect(await runReconcileJob(db, { now: new Date('2020-01-02T23:59:00Z') })).toMatchObject({ queued: 0, ran: 0, failed: 0 });
    expect(await db.$count(reconciliationRuns, eq(reconciliationRuns.slot, 'daily:2020-01-01'))).toBe(1);
  });

  it('sums each payout of the period from the entries it paid out: fees, net, balanced', async () => {
    const { stripe, sandbox } = getStripe();
    // Funds available at once (Stripe's bypass-pending test card), paid out now.
    await buyCourse('4000000000000077');
    const [payout] = (await control<{ data: { id: string; amount: number }[] }>(sandbox, 'payouts/run')).data;
    expect(payout).toBeDefined();
    const paidOut = (await stripe.balanceTransactions.list({ payout: payout!.id, limit: 100 })).data.filter((t) => t.type !== 'payout');
    expect(paidOut.length).toBeGreaterThan(0);

    const { run, items } = await reconcile();
    expect(run.status).toBe('succeeded');
    expect(items.filter((i) => i.objectType === 'payout')).toEqual([]);
    expect((run.summary as { payouts: unknown[] }).payouts).toEqual([
      {
        payoutId: payout!.id,
        currency: 'usd',
        amount: payout!.amount,
        fees: paidOut.reduce((sum, t) => sum + t.fee, 0),
        net: payout!.amount,
        entries: paidOut.length,
        balanced: true,
      },
    ]);
  });
});
