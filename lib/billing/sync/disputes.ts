import { eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { appendStripeAudit } from '@/db/queries/billing';
import { disputes, payments } from '@/db/schema';
import { disputeStatuses, type DisputeStatus } from '@/db/schema/enums';
import { getStripe } from '@/lib/stripe/client';
import { enforcePurchaseAccess } from './access';
import type { SyncContext } from './context';
import { fromUnix, idOf } from './ids';
import { applyPaymentSignal, syncPaymentIntent } from './payments';

// Appeals are a second round of the same case; our schema keeps the first-round names.
const APPEAL: Record<string, DisputeStatus> = { appeal_needs_response: 'needs_response', appeal_under_review: 'under_review' };

function asDisputeStatus(status: string): DisputeStatus {
  return disputeStatuses.find((s) => s === status) ?? APPEAL[status] ?? 'under_review';
}

/**
 * Converges a dispute from Stripe: the disputes row, the payment (disputed, then succeeded
 * when won or charged_back when lost), and on a loss the purchase enrollment revoked.
 * Inquiries (`warning_*`) are recorded but move no money, so they leave the payment alone.
 */
export async function syncDispute(db: Database, disputeId: string, ctx: SyncContext): Promise<string> {
  const dispute = await getStripe().disputes.retrieve(disputeId);
  const intentId = idOf(dispute.payment_intent);
  if (!intentId) return `dispute ${disputeId} has no PaymentIntent; nothing to sync`;
  const synced = await syncPaymentIntent(db, intentId, { eventCreatedAt: ctx.eventCreatedAt });
  const [payment] = await db.select().from(payments).where(eq(payments.id, synced.paymentId));
  if (!payment) throw new Error(`payment ${synced.paymentId} vanished`);

  const [before] = await db.select({ status: disputes.status }).from(disputes).where(eq(disputes.stripeDisputeId, dispute.id));
  const status = asDisputeStatus(dispute.status);
  const closed = status === 'won' || status === 'lost';
  await upsertDisputeRow(db, dispute, status, payment.id, ctx);

  let paymentStatus = payment.status;
  if (!status.startsWith('warning_') && status !== 'prevented') {
    paymentStatus = (await applyPaymentSignal(db, { id: payment.id, status: paymentStatus }, { kind: 'dispute_opened' })).status;
    if (closed) {
      const outcome = status === 'won' ? 'won' : 'lost';
      paymentStatus = (await applyPaymentSignal(db, { id: payment.id, status: paymentStatus }, { kind: 'dispute_closed', outcome, amountRefunded: payment.amountRefunded })).status;
    }
  }

  const audit = (action: string, data: Record<string, unknown>) =>
    appendStripeAudit(db, { stripeEventId: ctx.eventId, action, entityType: 'dispute', entityId: dispute.id, data: { paymentId: payment.id, ...data } });
  if (!before) await audit('dispute.opened', { amount: dispute.amount, currency: dispute.currency, reason: dispute.reason, status });
  if (closed && before?.status !== status) await audit('dispute.closed', { outcome: status, from: before?.status ?? null });

  const { revoked } = await enforcePurchaseAccess(db, payment.id, ctx);
  return `dispute ${dispute.id} ${status}; payment ${payment.id} ${paymentStatus}${revoked ? ', access revoked' : ''}`;
}

async function upsertDisputeRow(db: Database, dispute: Stripe.Dispute, status: DisputeStatus, paymentId: string, ctx: SyncContext) {
  const values = {
    stripeDisputeId: dispute.id,
    paymentId,
    stripeChargeId: idOf(dispute.charge) ?? '',
    amount: dispute.amount,
    currency: dispute.currency,
    status,
    reason: dispute.reason,
    evidenceDueBy: fromUnix(dispute.evidence_details?.due_by),
    isChargeRefundable: dispute.is_charge_refundable,
    closedAt: status === 'won' || status === 'lost' ? new Date() : null,
    lastEventAt: ctx.eventCreatedAt,
  };
  await db
    .insert(disputes)
    .values(values)
    .onConflictDoUpdate({
      target: disputes.stripeDisputeId,
      set: {
        status,
        amount: values.amount,
        reason: values.reason,
        evidenceDueBy: values.evidenceDueBy,
        isChargeRefundable: values.isChargeRefundable,
        closedAt: sql`coalesce(${disputes.closedAt}, excluded.closed_at)`,
        lastEventAt: sql`greatest(${disputes.lastEventAt}, excluded.last_event_at)`,
        updatedAt: sql`now()`,
      },
    });
}
