import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { findReceiptForUser } from '@/db/queries/account';
import { auditLog, creditNotes, invoices, payments, plans, prices, refunds, stripeEvents, subscriptions } from '@/db/schema';
import { seedUser, uniqueSuffix } from '@/db/seed/factories';
import { ActionRefusal } from '@/lib/actions/refusal';
import { createCheckoutSession } from '@/lib/billing/checkout';
import { payHostedCheckout, setupSandbox, startCoursePurchase } from '@/tests/support/billing-harness';
import { setupTestDb } from '@/tests/support/test-db';
import { eventually, settleDeliveries, setupWebhookReceiver } from '@/tests/support/webhook-harness';
import { refundPayment } from './refunds';

// Refunds of subscription payments from the dashboard (issue 16): a credit note on the invoice
// the payment paid, through the real SDK against the sandbox with the webhook path running. The
// invoice shows the credit at Stripe, the ledger moves once through the webhooks, a double
// submit issues one credit note, and too much is refused before anything is written anywhere.

const getDb = setupTestDb();
const getStripe = setupSandbox();
setupWebhookReceiver(getDb, getStripe);

async function subscribed() {
  const { db } = getDb();
  const suffix = uniqueSuffix();
  const [plan] = await db.insert(plans).values({ slug: `all-access-${suffix}`, name: `All-Access ${suffix}`, description: 'Every course.' }).returning();
  await db.insert(prices).values({ planId: plan!.id, type: 'recurring', interval: 'month', currency: 'usd', unitAmount: 1900, lookupKey: `plan:${suffix}:usd:month` });
  const seeded = await seedUser(db);
  const user = { id: seeded.id, email: seeded.email, name: seeded.name };
  const { url } = await createCheckoutSession(db, user, { kind: 'plan', planSlug: plan!.slug, interval: 'month', currency: 'usd', attemptId: randomUUID() });
  await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
  const payment = await eventually(async () => {
    const [row] = await db.select().from(payments).where(eq(payments.userId, user.id));
    const [invoice] = row?.stripeInvoiceId ? await db.select().from(invoices).where(eq(invoices.stripeInvoiceId, row.stripeInvoiceId)) : [];
    return row?.status === 'succeeded' && invoice?.status === 'paid' ? row : null;
  });
  await settleDeliveries(getStripe().sandbox);
  return { user, payment: payment as typeof payment & { stripeInvoiceId: string } };
}

async function adminActor() {
  const admin = await seedUser(getDb().db, { role: 'admin' });
  return { id: admin.id, email: admin.email };
}

const paymentRow = async (id: string) => (await getDb().db.select().from(payments).where(eq(payments.id, id)))[0]!;

describe('refunding a subscription payment from the dashboard', () => {
  it('a partial refund, submitted twice at once, is one credit note on the invoice; the ledger moves once through the webhooks', async () => {
    const { db } = getDb();
    const { stripe, sandbox } = getStripe();
    const { user, payment } = await subscribed();
    const admin = await adminActor();
    const input = { paymentId: payment.id, amount: '5.00', reason: 'requested_by_customer', access: 'keep', attemptId: randomUUID(), note: 'Asked on day two' };
    const [first, second] = await Promise.all([refundPayment(db, admin, input), refundPayment(db, admin, input)]);
    expect(first.stripeCreditNoteId).toMatch(/^cn_/);
    expect(second.stripeCreditNoteId).toBe(first.stripeCreditNoteId);
    expect(second.stripeRefundId).toBe(first.stripeRefundId);

    // Stripe's records: one credit note refunding $5.00, the invoice shows it, one refund on the charge.
    const notes = await stripe.creditNotes.list({ invoice: payment.stripeInvoiceId });
    expect(notes.data).toHaveLength(1);
    expect(notes.data[0]).toMatchObject({ total: 500, type: 'post_payment', status: 'issued', memo: "Refunded at the learner's request.", metadata: { keep_access: 'true', bursar_admin: admin.id } });
    expect(notes.data[0]!.refunds).toEqual([expect.objectContaining({ amount_refunded: 500, refund: first.stripeRefundId })]);
    expect((await stripe.invoices.retrieve(payment.stripeInvoiceId)).post_payment_credit_notes_amount).toBe(500);
    const atStripe = await stripe.refunds.list({ payment_intent: payment.stripePaymentIntentId });
    expect(atStripe.data.map((r) => [r.id, r.amount])).toEqual([[first.stripeRefundId, 500]]);

    // The ledger, through the webhook path: refunded once, not twice.
    const settled = await eventually(async () => {
      const row = await paymentRow(payment.id);
      const [note] = await db.select().from(creditNotes).where(eq(creditNotes.stripeInvoiceId, payment.stripeInvoiceId));
      return row.status === 'partially_refunded' && note?.syncedVersion ? { row, note } : null;
    });
    await settleDeliveries(sandbox);
    expect(settled.row.amountRefunded).toBe(500);
    const refundRows = await db.select().from(refunds).where(eq(refunds.paymentId, payment.id));
    expect(refundRows).toHaveLength(1);
    expect(refundRows[0]).toMatchObject({ stripeRefundId: first.stripeRefundId, status: 'succeeded', amount: 500, requestedByUserId: admin.id, idempotencyKey: `credit-note:${payment.id}:${input.attemptId}` });
    const noteRows = await db.select().from(creditNotes).where(eq(creditNotes.stripeInvoiceId, payment.stripeInvoiceId));
    expect(noteRows).toHaveLength(1);
    expect(noteRows[0]).toMatchObject({
      stripeCreditNoteId: first.stripeCreditNoteId,
      userId: user.id,
      type: 'post_payment',
      status: 'issued',
      amount: 500,
      refundAmount: 500,
      creditAmount: 0,
      stripeRefundId: first.stripeRefundId,
      requestedByUserId: admin.id,
      idempotencyKey: `credit-note:${payment.id}:${input.attemptId}`,
    });
    expect(noteRows[0]!.number).toMatch(/-CN-01$/);
    const [createdEvent] = await db.select().from(stripeEvents).where(and(eq(stripeEvents.type, 'credit_note.created'), eq(stripeEvents.objectId, first.stripeCreditNoteId!)));
    expect(createdEvent?.status).toBe('processed');

    // Audited: the admin's request once, Stripe's credit note once, the refund settling once.
    const audits = await db.select().from(auditLog);
    expect(audits.filter((a) => a.action === 'refund.requested' && a.entityId === payment.id)).toHaveLength(1);
    expect(audits.filter((a) => a.action === 'refund.requested' && a.entityId === payment.id)[0]!.data).toMatchObject({ stripeCreditNoteId: first.stripeCreditNoteId, amount: 500, note: 'Asked on day two' });
    expect(audits.filter((a) => a.action === 'credit_note.issued' && a.entityId === first.stripeCreditNoteId)).toHaveLength(1);
    expect(audits.filter((a) => a.action === 'refund.succeeded' && a.entityId === first.stripeRefundId)).toHaveLength(1);

    // The learner's receipt shows the refund with the credit note that made it.
    const receipt = await findReceiptForUser(db, { userId: user.id, paymentId: payment.id });
    expect(receipt?.refunds).toEqual([expect.objectContaining({ amount: 500, creditNoteNumber: noteRows[0]!.number })]);

    // The same form again, later: nothing new at Stripe or here.
    expect((await refundPayment(db, admin, input)).repeated).toBe(true);
    expect((await stripe.creditNotes.list({ invoice: payment.stripeInvoiceId })).data).toHaveLength(1);
    // The subscription itself carries on.
    const [sub] = await db.select().from(subscriptions).where(eq(subscriptions.userId, user.id));
    expect(sub?.status).toBe('active');
  });

  it('the rest refunded in a second credit note makes the payment refunded; nothing is left to refund', async () => {
    const { db } = getDb();
    const { stripe, sandbox } = getStripe();
    const { payment } = await subscribed();
    const admin = await adminActor();
    await refundPayment(db, admin, { paymentId: payment.id, amount: '4', reason: 'requested_by_customer', access: 'keep', attemptId: randomUUID() });
    await eventually(async () => (await paymentRow(payment.id)).amountRefunded === 400);
    const full = await refundPayment(db, admin, { paymentId: payment.id, amount: '15', reason: 'duplicate', access: 'revoke', attemptId: randomUUID() });
    expect(full.amount).toBe(1500);
    const refunded = await eventually(async () => {
      const row = await paymentRow(payment.id);
      return row.status === 'refunded' ? row : null;
    });
    expect(refunded.amountRefunded).toBe(1900);
    const notes = await stripe.creditNotes.list({ invoice: payment.stripeInvoiceId });
    expect(notes.data.map((n) => n.total).sort()).toEqual([1500, 400]);
    expect(notes.data.find((n) => n.total === 1500)?.reason).toBe('duplicate');
    expect((await stripe.invoices.retrieve(payment.stripeInvoiceId)).post_payment_credit_notes_amount).toBe(1900);
    await eventually(async () => (await db.select().from(creditNotes).where(eq(creditNotes.stripeInvoiceId, payment.stripeInvoiceId))).filter((n) => n.syncedVersion > 0).length === 2);
    await expect(refundPayment(db, admin, { paymentId: payment.id, amount: '1', reason: 'duplicate', access: 'keep', attemptId: randomUUID() })).rejects.toThrow(/A refunded payment cannot be refunded here|already been refunded in full/);
    await settleDeliveries(sandbox);
  });

  it('refuses more than is left with a sentence, and nothing is written at Stripe or here', async () => {
    const { db } = getDb();
    const { stripe } = getStripe();
    const { payment } = await subscribed();
    const admin = await adminActor();
    const refusal = refundPayment(db, admin, { paymentId: payment.id, amount: '19.01', reason: 'duplicate', access: 'keep', attemptId: randomUUID() });
    await expect(refusal).rejects.toBeInstanceOf(ActionRefusal);
    await expect(refundPayment(db, admin, { paymentId: payment.id, amount: '20', reason: 'duplicate', access: 'keep', attemptId: randomUUID() })).rejects.toThrow('At most $19.00 can still be refunded.');
    expect((await stripe.creditNotes.list({ invoice: payment.stripeInvoiceId })).data).toHaveLength(0);
    expect((await stripe.refunds.list({ payment_intent: payment.stripePaymentIntentId })).data).toHaveLength(0);
    expect(await db.select().from(creditNotes).where(eq(creditNotes.stripeInvoiceId, payment.stripeInvoiceId))).toHaveLength(0);
    expect(await db.select().from(refunds).where(eq(refunds.paymentId, payment.id))).toHaveLength(0);
    expect((await db.select().from(auditLog).where(eq(auditLog.entityId, payment.id))).filter((a) => a.action === 'refund.requested')).toHaveLength(0);
  });

  it("a credit note made in Stripe's dashboard is mirrored, and what it credited is no longer refundable here", async () => {
    const { db } = getDb();
    const { stripe, sandbox } = getStripe();
    const { payment } = await subscribed();
    // $10 to the customer's balance, outside Bursar.
    const outside = await stripe.creditNotes.create({ invoice: payment.stripeInvoiceId, amount: 1000, credit_amount: 1000 });
    const mirrored = await eventually(async () => (await db.select().from(creditNotes).where(eq(creditNotes.stripeCreditNoteId, outside.id)))[0]);
    expect(mirrored).toMatchObject({ amount: 1000, refundAmount: 0, creditAmount: 1000, requestedByUserId: null, status: 'issued' });
    const admin = await adminActor();
    await expect(refundPayment(db, admin, { paymentId: payment.id, amount: '10', reason: 'duplicate', access: 'keep', attemptId: randomUUID() })).rejects.toThrow('At most $9.00 can still be refunded.');
    const made = await refundPayment(db, admin, { paymentId: payment.id, amount: '9', reason: 'duplicate', access: 'keep', attemptId: randomUUID() });
    expect(made.stripeCreditNoteId).toMatch(/^cn_/);
    await eventually(async () => (await paymentRow(payment.id)).amountRefunded === 900);
    await settleDeliveries(sandbox);
  });

  it('a credit note voided on an open invoice turns void here, audited once each way', async () => {
    const { db } = getDb();
    const { stripe, sandbox } = getStripe();
    const customer = await stripe.customers.create({ email: `open-invoice-${uniqueSuffix()}@bursar.test` });
    const draft = await stripe.invoices.create({ customer: customer.id, currency: 'usd' });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 3000, currency: 'usd' });
    await stripe.invoices.finalizeInvoice(draft.id);
    const note = await stripe.creditNotes.create({ invoice: draft.id, amount: 1000 });
    await eventually(async () => (await db.select().from(creditNotes).where(eq(creditNotes.stripeCreditNoteId, note.id)))[0]?.syncedVersion);
    await stripe.creditNotes.voidCreditNote(note.id);
    const voided = await eventually(async () => {
      const [row] = await db.select().from(creditNotes).where(eq(creditNotes.stripeCreditNoteId, note.id));
      return row?.status === 'void' ? row : null;
    });
    expect(voided).toMatchObject({ type: 'pre_payment', amount: 1000, refundAmount: 0, creditAmount: 0, userId: null });
    expect(voided.voidedAt).not.toBeNull();
    await settleDeliveries(sandbox);
    const audits = await db.select().from(auditLog).where(eq(auditLog.entityId, note.id));
    expect(audits.map((a) => a.action).sort()).toEqual(['credit_note.issued', 'credit_note.voided']);
  });

  it('a course bought once keeps the plain refund: no credit note', async () => {
    const { db } = getDb();
    const { stripe, sandbox } = getStripe();
    const { user, url } = await startCoursePurchase(db);
    await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
    const payment = await eventually(async () => {
      const [row] = await db.select().from(payments).where(eq(payments.userId, user.id));
      return row?.status === 'succeeded' ? row : null;
    });
    const notesBefore = (await stripe.creditNotes.list({ limit: 100 })).data.length;
    const made = await refundPayment(db, await adminActor(), { paymentId: payment.id, amount: '1', reason: 'requested_by_customer', access: 'keep', attemptId: randomUUID() });
    expect(made.stripeCreditNoteId).toBeNull();
    expect(made.stripeRefundId).toMatch(/^re_/);
    expect((await stripe.refunds.list({ payment_intent: payment.stripePaymentIntentId })).data.map((r) => r.id)).toEqual([made.stripeRefundId]);
    expect((await stripe.creditNotes.list({ limit: 100 })).data).toHaveLength(notesBefore);
    await eventually(async () => (await paymentRow(payment.id)).amountRefunded === 100);
    await settleDeliveries(sandbox);
  });
});
