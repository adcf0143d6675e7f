import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { creditNotes } from '../schema';
import type { CreditNoteStatus, CreditNoteType } from '../schema/enums';

export type CreditNoteRow = typeof creditNotes.$inferSelect;

export type CreditNoteMirror = {
  stripeCreditNoteId: string;
  stripeInvoiceId: string;
  userId: string | null;
  number: string | null;
  type: CreditNoteType;
  status: CreditNoteStatus;
  amount: number;
  refundAmount: number;
  creditAmount: number;
  outOfBandAmount: number;
  currency: string;
  stripeRefundId: string | null;
  reason: string | null;
  memo: string | null;
  pdfUrl: string | null;
  issuedAt: Date;
  voidedAt: Date | null;
};

export async function findCreditNoteByStripeId(db: Database, stripeCreditNoteId: string): Promise<CreditNoteRow | null> {
  const [row] = await db.select().from(creditNotes).where(eq(creditNotes.stripeCreditNoteId, stripeCreditNoteId));
  return row ?? null;
}

export async function findCreditNoteByIdempotencyKey(db: Database, idempotencyKey: string): Promise<CreditNoteRow | null> {
  const [row] = await db.select().from(creditNotes).where(eq(creditNotes.idempotencyKey, idempotencyKey));
  return row ?? null;
}

/** An invoice's credit notes, oldest first (void ones included: the page says they are void). */
export async function listCreditNotesOfInvoice(db: Database, stripeInvoiceId: string): Promise<CreditNoteRow[]> {
  return db.select().from(creditNotes).where(eq(creditNotes.stripeInvoiceId, stripeInvoiceId)).orderBy(asc(creditNotes.issuedAt), asc(creditNotes.id));
}

/** What issued credit notes have already given back on a paid invoice (its post-payment credit). */
export async function sumPostPaymentCredit(db: Database, stripeInvoiceId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${creditNotes.amount}), 0)::float8` })
    .from(creditNotes)
    .where(and(eq(creditNotes.stripeInvoiceId, stripeInvoiceId), eq(creditNotes.status, 'issued'), eq(creditNotes.type, 'post_payment')));
  return Number(row?.total ?? 0);
}

/**
 * Upserts a credit note from a Stripe read. A read older than the row's last one changes
 * nothing; a void note stays void.
 */
export async function upsertCreditNoteMirror(db: Database, values: CreditNoteMirror, stamp: { version: number; eventCreatedAt: Date | null }): Promise<void> {
  await db
    .insert(creditNotes)
    .values({ ...values, syncedVersion: stamp.version, lastEventAt: stamp.eventCreatedAt })
    .onConflictDoUpdate({
      target: creditNotes.stripeCreditNoteId,
      set: {
        status: sql`case when ${creditNotes.status} = 'void' then 'void' else excluded.status end`,
        number: values.number,
        amount: values.amount,
        refundAmount: values.refundAmount,
        creditAmount: values.creditAmount,
        outOfBandAmount: values.outOfBandAmount,
        stripeRefundId: sql`coalesce(excluded.stripe_refund_id, ${creditNotes.stripeRefundId})`,
        userId: sql`coalesce(${creditNotes.userId}, excluded.user_id)`,
        memo: values.memo,
        pdfUrl: values.pdfUrl,
        voidedAt: sql`coalesce(${creditNotes.voidedAt}, excluded.voided_at)`,
        syncedVersion: stamp.version,
        lastEventAt: sql`greatest(${creditNotes.lastEventAt}, excluded.last_event_at)`,
        updatedAt: sql`now()`,
      },
      setWhere: sql`${creditNotes.syncedVersion} <= ${stamp.version}`,
    });
}

/**
 * Records the credit note an admin issued, as Stripe answered it. The webhook path writes the
 * same row (by Stripe id) from its own read; whichever comes first, the other fills in only what
 * it alone knows: who asked, and the request's idempotency key.
 */
export async function recordAdminCreditNote(db: Database, values: CreditNoteMirror & { requestedByUserId: string; idempotencyKey: string }): Promise<void> {
  await db
    .insert(creditNotes)
    .values(values)
    .onConflictDoUpdate({
      target: creditNotes.stripeCreditNoteId,
      set: {
        requestedByUserId: sql`coalesce(${creditNotes.requestedByUserId}, excluded.requested_by_user_id)`,
        idempotencyKey: sql`coalesce(${creditNotes.idempotencyKey}, excluded.idempotency_key)`,
        updatedAt: sql`now()`,
      },
    });
}
