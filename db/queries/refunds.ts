import { eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { disputes, refunds } from '../schema';
import type { DisputeStatus, RefundStatus } from '../schema/enums';

export type RefundRow = typeof refunds.$inferSelect;

export async function findRefundByStripeId(db: Database, stripeRefundId: string): Promise<RefundRow | null> {
  const [row] = await db.select().from(refunds).where(eq(refunds.stripeRefundId, stripeRefundId));
  return row ?? null;
}

export async function listRefundsOfPayment(db: Database, paymentId: string): Promise<RefundRow[]> {
  return db.select().from(refunds).where(eq(refunds.paymentId, paymentId));
}

export type RefundMirror = {
  stripeRefundId: string;
  paymentId: string;
  amount: number;
  currency: string;
  status: RefundStatus;
  reason: string | null;
  failureReason: string | null;
  revokeAccess: boolean;
};

/**
 * Upserts one refund from a Stripe read. Keeping access, once chosen, stays chosen (a later
 * event cannot undo it); a read older than the row's last one changes nothing.
 */
export async function upsertRefundMirror(db: Database, values: RefundMirror, stamp: { version: number; eventCreatedAt: Date | null }): Promise<void> {
  await db
    .insert(refunds)
    .values({ ...values, syncedVersion: stamp.version, lastEventAt: stamp.eventCreatedAt })
    .onConflictDoUpdate({
      target: refunds.stripeRefundId,
      set: {
        status: values.status,
        amount: values.amount,
        failureReason: values.failureReason,
        revokeAccess: sql`${refunds.revokeAccess} and excluded.revoke_access`,
        syncedVersion: stamp.version,
        lastEventAt: sql`greatest(${refunds.lastEventAt}, excluded.last_event_at)`,
        updatedAt: sql`now()`,
      },
      setWhere: sql`${refunds.syncedVersion} <= ${stamp.version}`,
    });
}

export type DisputeRow = typeof disputes.$inferSelect;

export async function findDisputeByStripeId(db: Database, stripeDisputeId: string): Promise<DisputeRow | null> {
  const [row] = await db.select().from(disputes).where(eq(disputes.stripeDisputeId, stripeDisputeId));
  return row ?? null;
}

export type DisputeMirror = {
  stripeDisputeId: string;
  paymentId: string;
  stripeChargeId: string;
  amount: number;
  currency: string;
  status: DisputeStatus;
  reason: string;
  evidenceDueBy: Date | null;
  isChargeRefundable: boolean;
  closedAt: Date | null;
};

export async function upsertDisputeMirror(db: Database, values: DisputeMirror, stamp: { version: number; eventCreatedAt: Date | null }): Promise<void> {
  await db
    .insert(disputes)
    .values({ ...values, syncedVersion: stamp.version, lastEventAt: stamp.eventCreatedAt })
    .onConflictDoUpdate({
      target: disputes.stripeDisputeId,
      set: {
        status: values.status,
        amount: values.amount,
        reason: values.reason,
        evidenceDueBy: values.evidenceDueBy,
        isChargeRefundable: values.isChargeRefundable,
        closedAt: sql`coalesce(${disputes.closedAt}, excluded.closed_at)`,
        syncedVersion: stamp.version,
        lastEventAt: sql`greatest(${disputes.lastEventAt}, excluded.last_event_at)`,
        updatedAt: sql`now()`,
      },
      setWhere: sql`${disputes.syncedVersion} <= ${stamp.version}`,
    });
}
