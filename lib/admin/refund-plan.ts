import { z } from 'zod';
import { formatMoney, parseMoney } from '@/lib/billing/money';

export const REFUND_REASONS = [
  { value: 'requested_by_customer', label: 'Requested by the learner' },
  { value: 'duplicate', label: 'Duplicate payment' },
  { value: 'fraudulent', label: 'Fraudulent' },
] as const;
export type RefundReason = (typeof REFUND_REASONS)[number]['value'];
export const refundReasonSchema = z.enum(['requested_by_customer', 'duplicate', 'fraudulent'], { error: 'Choose a reason for the refund.' });

/** Payment statuses Stripe can refund (a disputed charge is settled through the dispute). */
export const REFUNDABLE_STATUSES = ['succeeded', 'partially_refunded'] as const;

export type RefundPlan =
  | { ok: false; error: string }
  | {
      ok: true;
      amount: number;
      currency: string;
      full: boolean;
      remainingAfter: number;
      keepAccess: boolean;
      /** A subscription payment: refunded through a credit note on this invoice. */
      creditNoteOn: string | null;
      /** The sentences the confirmation shows, in order. */
      effects: string[];
    };

export type PaymentFacts = {
  amount: number;
  currency: string;
  status: string;
  standingRefunds: number;
  learnerEmail: string | null;
  productTitle: string | null;
  methodLabel: string | null;
  hasEnrollment: boolean;
  /**
   * A subscription payment's invoice: the refund is a credit note on it. `creditable` is what its
   * issued credit notes have not yet given back (null when the invoice is not mirrored yet).
   */
  invoice?: { stripeInvoiceId: string; number: string | null; creditable: number | null } | null;
};

/** How much of a payment can still go back: what is not refunded, and for an invoice what is not credited. */
export function refundableOf(payment: Pick<PaymentFacts, 'amount' | 'standingRefunds' | 'invoice'>): number {
  const left = payment.amount - payment.standingRefunds;
  const creditable = payment.invoice?.creditable;
  return creditable == null ? left : Math.min(left, creditable);
}

/**
 * What a refund will do, decided once for the confirmation and again (from fresh rows) by the
 * action. Access follows DESIGN's rule unless the admin chose otherwise: a full refund revokes
 * the purchase, a partial one keeps it. A subscription payment is refunded through a credit note on
 * its invoice (so the invoice shows the credit); a course bought once is refunded directly.
 */
export function planRefund(payment: PaymentFacts, request: { amount: string; access?: 'keep' | 'revoke' | 'default' }): RefundPlan {
  if (!(REFUNDABLE_STATUSES as readonly string[]).includes(payment.status)) return { ok: false, error: `A ${payment.status.replaceAll('_', ' ')} payment cannot be refunded here.` };
  const refundable = refundableOf(payment);
  if (refundable <= 0) return { ok: false, error: payment.amount - payment.standingRefunds > 0 ? 'This payment\'s invoice has already been credited in full.' : 'This payment has already been refunded in full.' };
  const parsed = parseMoney(request.amount, payment.currency);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const amount = parsed.money.amount;
  const money = (value: number) => formatMoney({ amount: value, currency: payment.currency });
  if (amount <= 0) return { ok: false, error: 'Enter an amount above zero.' };
  if (amount > refundable) return { ok: false, error: `At most ${money(refundable)} can still be refunded.` };
  const full = amount === refundable;
  const keepAccess = request.access === 'keep' ? true : request.access === 'revoke' ? false : !full;
  const to = payment.methodLabel ? `to ${payment.methodLabel}` : 'to the original payment method';
  const invoice = payment.invoice ?? null;
  const effects = [
    `${money(amount)} goes back ${to}${full ? (payment.amount - refundable > 0 ? ' (the rest of the payment)' : ' (the whole payment)') : ` (${money(refundable - amount)} stays refundable)`}.`,
    ...(invoice
      ? [
          `Stripe issues a credit note for ${money(amount)} on invoice ${invoice.number ?? invoice.stripeInvoiceId}, so the invoice shows the credit; the refund is made by the credit note.`,
          'The All-Access subscription itself carries on: cancel it from its page if it should end.',
        ]
      : []),
    // A subscription payment grants no enrollment of its own: its access follows the subscription.
    ...(invoice && !payment.hasEnrollment ? [] : [accessSentence(payment, keepAccess, full)]),
    `${payment.learnerEmail ?? 'The learner'} gets a refund email once Stripe confirms it, and the receipt shows the refund${invoice ? ' and the credit note' : ''}.`,
    'Stripe processes it in the background; the status here updates from Stripe\'s webhook. Submitting twice refunds once.',
  ];
  return { ok: true, amount, currency: payment.currency, full, remainingAfter: refundable - amount, keepAccess, creditNoteOn: invoice?.stripeInvoiceId ?? null, effects };
}

function accessSentence(payment: PaymentFacts, keepAccess: boolean, full: boolean): string {
  const who = payment.learnerEmail ?? 'The learner';
  const what = payment.productTitle ?? 'the course';
  if (!payment.hasEnrollment) return 'No course access is attached to this payment.';
  if (keepAccess) return `${who} keeps access to ${what}.`;
  return full ? `${who} loses access to ${what} once Stripe confirms the refund.` : `${who} loses access to ${what} now.`;
}
