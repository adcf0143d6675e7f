import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { findDisputeByStripeId, upsertDisputeMirror } from '@/db/queries/refunds';
import { disputeStatuses, type DisputeStatus } from '@/db/schema/enums';
import { enforcePurchaseAccess } from './access';
import { auditStripeChange } from './audit';
import { isStaleRead, type SyncContext } from './context';
import { fromUnix, idOf } from './ids';
import { applyPayment, applyPaymentSignal, type PaymentSnapshot, readPayment } from './payments';
import type { StripeSnapshotReader } from './reader';

// Appeals are a second round of the same case; our schema keeps the first-round names.
const APPEAL: Record<string, DisputeStatus> = { appeal_needs_response: 'needs_response', appeal_under_review: 'under_review' };

function asDisputeStatus(status: string): DisputeStatus {
  return disputeStatuses.find((s) => s === status) ?? APPEAL[status] ?? 'under_review';
}

export type DisputeSnapshot = { dispute: Stripe.Dispute; payment: PaymentSnapshot | null };

export async function readDispute(db: Database, reader: StripeSnapshotReader, target: { disputeId: string; paymentIntentId: string | null }): Promise<DisputeSnapshot> {
  const [dispute, payment] = await Promise.all([
    reader.dispute(target.disputeId),
    target.paymentIntentId ? readPayment(db, reader, target.paymentIntentId) : Promise.resolve(null),
  ]);
  // The event did not name the intent (older shapes): the dispute does.
  const intentId = idOf(dispute.payment_intent);
  if (!payment && intentId) return { dispute, payment: await readPayment(db, reader, intentId) };
  return { dispute, payment };
}

/**
 * Converges a dispute: the disputes row, the payment (disputed, then succeeded when won or
 * charged_back when lost), and on a loss the purchase enrollment revoked. Inquiries
 * (`warning_*`) are recorded but move no money, so they leave the payment alone.
 */
export async function applyDispute(db: Database, snapshot: DisputeSnapshot, ctx: SyncContext): Promise<string> {
  const { dispute } = snapshot;
  if (!snapshot.payment) return `dispute ${dispute.id} has no PaymentIntent; nothing to sync`;
  const synced = await applyPayment(db, snapshot.payment, ctx);
  const payment = synced.row;

  const before = await findDisputeByStripeId(db, dispute.id);
  if (before && isStaleRead(before, ctx)) return `dispute ${dispute.id} ${before.status} (stale, unchanged)`;
  const status = asDisputeStatus(dispute.status);
  const closed = status === 'won' || status === 'lost';
  await upsertDisputeMirror(
    db,
    {
      stripeDisputeId: dispute.id,
      paymentId: payment.id,
      stripeChargeId: idOf(dispute.charge) ?? '',
      amount: dispute.amount,
      currency: dispute.currency,
      status,
      reason: dispute.reason,
      evidenceDueBy: fromUnix(dispute.evidence_details?.due_by),
      isChargeRefundable: dispute.is_charge_refundable,
      closedAt: closed ? new Date() : null,
    },
    { version: ctx.version, eventCreatedAt: ctx.eventCreatedAt },
  );

  let paymentStatus = payment.status;
  if (!status.startsWith('warning_') && status !== 'prevented') {
    paymentStatus = (await applyPaymentSignal(db, { id: payment.id, status: paymentStatus }, { kind: 'dispute_opened' })).status;
    if (closed) {
      const outcome = status === 'won' ? 'won' : 'lost';
      paymentStatus = (await applyPaymentSignal(db, { id: payment.id, status: paymentStatus }, { kind: 'dispute_closed', outcome, amountRefunded: payment.amountRefunded })).status;
    }
  }
  const audit = (action: string, data: Record<string, unknown>) =>
    auditStripeChange(db, ctx, { action, entityType: 'dispute', entityId: dispute.id, data: { paymentId: payment.id, ...data } });
  if (!before) await audit('dispute.opened', { amount: dispute.amount, currency: dispute.currency, reason: dispute.reason, status });
  if (closed && before?.status !== status) await audit('dispute.closed', { outcome: status, from: before?.status ?? null });

  const { revoked } = await enforcePurchaseAccess(db, payment.id, ctx);
  return `dispute ${dispute.id} ${status}; payment ${payment.id} ${paymentStatus}${revoked ? ', access revoked' : ''}`;
}
