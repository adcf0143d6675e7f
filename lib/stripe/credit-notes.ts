import type Stripe from 'stripe';
import { stripeCall } from './client';

// Credit notes: how a finalized invoice is refunded or adjusted (a subscription payment's refund).

export type InvoiceRefundRequest = {
  invoiceId: string;
  /** Minor units: the whole credit, all of it refunded to the invoice's payment method. */
  amount: number;
  reason?: Stripe.CreditNoteCreateParams.Reason;
  memo?: string;
  metadata?: Record<string, string>;
};

/**
 * Issues a credit note on a paid invoice that refunds `amount` to the charge that paid it
 * (`refund_amount` = `amount`: nothing goes to the customer's balance). Stripe's own credit note
 * email is off (`email_type: none`): Bursar sends the learner its refund email from the webhook.
 */
export function createInvoiceRefundCreditNote(request: InvoiceRefundRequest, idempotencyKey: string): Promise<Stripe.CreditNote> {
  return stripeCall('credit_note.create', (stripe) =>
    stripe.creditNotes.create(
      {
        invoice: request.invoiceId,
        amount: request.amount,
        refund_amount: request.amount,
        reason: request.reason,
        memo: request.memo,
        metadata: request.metadata,
        email_type: 'none',
      },
      { idempotencyKey },
    ),
  );
}

export function retrieveCreditNote(id: string): Promise<Stripe.CreditNote> {
  return stripeCall('credit_note.retrieve', (stripe) => stripe.creditNotes.retrieve(id));
}
