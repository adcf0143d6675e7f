import { eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { appendStripeAudit, findCourseTitle, findUserContact } from '@/db/queries/billing';
import { payments, refunds } from '@/db/schema';
import { refundStatuses, type RefundStatus } from '@/db/schema/enums';
import { env } from '@/lib/env';
import { enqueueNotification } from '@/lib/notifications/outbox';
import { getStripe } from '@/lib/stripe/client';
import { enforcePurchaseAccess } from './access';
import type { SyncContext } from './context';
import { fromUnix, idOf } from './ids';
import { upsertPaymentFromIntent } from './payments';

type Payment = typeof payments.$inferSelect;

/**
 * Converges a charge's refunds: the payment (refunded total and status), one refunds row per
 * Stripe refund, and the effects of a refund that has settled — the learner's notice
 * (`refund:<id>`), the audit row, and, once the whole amount is back, the purchase
 * enrollment revoked unless a refund asked to keep access (`keep_access=true`).
 * Re-reads Stripe, so any event of the flow, in any order, lands on the same state.
 */
export async function syncRefundsForCharge(db: Database, chargeId: string, ctx: SyncContext): Promise<string> {
  const stripe = getStripe();
  const charge = await stripe.charges.retrieve(chargeId, { expand: ['balance_transaction'] });
  const intentId = idOf(charge.payment_intent);
  if (!intentId) return `charge ${chargeId} has no PaymentIntent; nothing to sync`;
  const intent = await stripe.paymentIntents.retrieve(intentId);
  const synced = await upsertPaymentFromIntent(db, { ...intent, latest_charge: charge }, { eventCreatedAt: ctx.eventCreatedAt });
  const [payment] = await db.select().from(payments).where(eq(payments.id, synced.paymentId));
  if (!payment) throw new Error(`payment ${synced.paymentId} vanished`);

  const list = await stripe.refunds.list({ charge: chargeId, limit: 100 });
  const settledNow: Stripe.Refund[] = [];
  for (const refund of list.data) {
    if (await upsertRefund(db, payment, refund, ctx)) settledNow.push(refund);
  }

  const access = await enforcePurchaseAccess(db, payment.id, ctx);
  for (const refund of settledNow) await notifyRefund(db, payment, refund, access.accessKept);
  return `payment ${payment.id} ${synced.status}, refunded ${payment.amountRefunded}/${payment.amount} ${payment.currency}, ${list.data.length} refund(s)${access.revoked ? ', access revoked' : ''}`;
}

function asRefundStatus(status: string | null): RefundStatus {
  return refundStatuses.find((s) => s === status) ?? 'pending';
}

/** Upserts one refund; true when this call saw it settle (so its notice goes out once). */
async function upsertRefund(db: Database, payment: Payment, refund: Stripe.Refund, ctx: SyncContext): Promise<boolean> {
  const [before] = await db.select({ status: refunds.status }).from(refunds).where(eq(refunds.stripeRefundId, refund.id));
  const status = asRefundStatus(refund.status);
  // Keeping access is the admin's choice, recorded on the refund's metadata (or on our row
  // when the refund was requested from the dashboard); once kept, a later event cannot undo it.
  const revokeAccess = refund.metadata?.keep_access !== 'true';
  await db
    .insert(refunds)
    .values({
      stripeRefundId: refund.id,
      paymentId: payment.id,
      amount: refund.amount,
      currency: refund.currency,
      status,
      reason: refund.reason ?? null,
      failureReason: refund.failure_reason ?? null,
      revokeAccess,
      lastEventAt: ctx.eventCreatedAt,
    })
    .onConflictDoUpdate({
      target: refunds.stripeRefundId,
      set: {
        status,
        amount: refund.amount,
        failureReason: refund.failure_reason ?? null,
        revokeAccess: sql`${refunds.revokeAccess} and excluded.revoke_access`,
        lastEventAt: sql`greatest(${refunds.lastEventAt}, excluded.last_event_at)`,
        updatedAt: sql`now()`,
      },
    });
  if (before?.status === status) return false;
  await appendStripeAudit(db, {
    stripeEventId: ctx.eventId,
    action: `refund.${status}`,
    entityType: 'refund',
    entityId: refund.id,
    key: refund.id,
    data: { paymentId: payment.id, amount: refund.amount, currency: refund.currency, from: before?.status ?? null },
  });
  return status === 'succeeded';
}

async function notifyRefund(db: Database, payment: Payment, refund: Stripe.Refund, accessKept: boolean) {
  if (!payment.userId) return;
  const contact = await findUserContact(db, payment.userId);
  if (!contact) return;
  const itemTitle = (payment.courseId ? await findCourseTitle(db, payment.courseId) : null) ?? payment.description ?? 'Your purchase';
  await enqueueNotification(db, {
    template: 'refund-issued',
    recipient: contact.email,
    userId: payment.userId,
    dedupeKey: `refund:${refund.id}`,
    data: {
      learnerName: contact.name,
      itemTitle,
      amount: refund.amount,
      currency: refund.currency,
      refundedAt: (fromUnix(refund.created) ?? new Date()).toISOString(),
      accessKept,
      receiptUrl: `${env.APP_URL}/account/receipts/${payment.id}`,
    },
  });
}
