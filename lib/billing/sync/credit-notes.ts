import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { type CreditNoteMirror, findCreditNoteByStripeId, upsertCreditNoteMirror } from '@/db/queries/credit-notes';
import { findCustomerByStripeId } from '@/db/queries/customers';
import { auditStripeChange } from './audit';
import type { SyncContext } from './context';
import { fromUnix, idOf } from './ids';

/**
 * A credit note as the ledger keeps it. Stripe's object says how much it refunded (`refunds`)
 * and settled outside Stripe (`out_of_band_amount`); on a paid invoice the rest of a post-payment
 * note went to the customer's balance. A pre-payment note lowered what was due and moved no money.
 */
export function creditNoteMirror(note: Stripe.CreditNote, userId: string | null): CreditNoteMirror {
  const refunded = note.refunds.reduce((sum, r) => sum + r.amount_refunded, 0);
  const outOfBand = note.out_of_band_amount ?? 0;
  const post = note.type === 'post_payment';
  return {
    stripeCreditNoteId: note.id,
    stripeInvoiceId: idOf(note.invoice) ?? '',
    userId,
    number: note.number || null,
    type: post ? 'post_payment' : 'pre_payment',
    status: note.status === 'void' ? 'void' : 'issued',
    amount: note.total,
    refundAmount: post ? refunded : 0,
    creditAmount: post ? Math.max(0, note.total - refunded - outOfBand) : 0,
    outOfBandAmount: post ? outOfBand : 0,
    currency: note.currency,
    stripeRefundId: idOf(note.refunds[0]?.refund),
    reason: note.reason ?? null,
    memo: note.memo ?? null,
    pdfUrl: note.pdf || null,
    issuedAt: fromUnix(note.created) ?? new Date(),
    voidedAt: fromUnix(note.voided_at),
  };
}

/**
 * Converges one credit note: its row (by Stripe id), and an audit row when it is first seen
 * (`credit_note.issued`) or turns void (`credit_note.voided`). The money it refunded is the
 * refund's own business: its `refund.*` / `charge.refunded` events converge the payment.
 */
export async function applyCreditNote(db: Database, note: Stripe.CreditNote, ctx: SyncContext): Promise<string> {
  const before = await findCreditNoteByStripeId(db, note.id);
  if (before && before.syncedVersion > ctx.version) return `credit note ${note.id} (stale, unchanged)`;
  const customer = await findCustomerByStripeId(db, idOf(note.customer) ?? '');
  const mirror = creditNoteMirror(note, customer?.userId ?? null);
  await upsertCreditNoteMirror(db, mirror, { version: ctx.version, eventCreatedAt: ctx.eventCreatedAt });
  const data = { invoice: mirror.stripeInvoiceId, number: mirror.number, amount: mirror.amount, refundAmount: mirror.refundAmount, creditAmount: mirror.creditAmount, currency: mirror.currency, refund: mirror.stripeRefundId };
  // "Seen" is the Stripe-side record: an admin's own insert (no read yet) still gets its audit row here.
  if (!before || before.syncedVersion === 0) await auditStripeChange(db, ctx, { action: 'credit_note.issued', entityType: 'credit_note', entityId: note.id, data });
  if (mirror.status === 'void' && before?.status !== 'void') await auditStripeChange(db, ctx, { action: 'credit_note.voided', entityType: 'credit_note', entityId: note.id, data });
  return `credit note ${note.id} ${mirror.status}: ${mirror.amount} ${mirror.currency} (refund ${mirror.refundAmount}, balance ${mirror.creditAmount}) on ${mirror.stripeInvoiceId}`;
}
