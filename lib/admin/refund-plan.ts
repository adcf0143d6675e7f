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
      /** The sentences the confirmation shows, in order. */
      effects: string[];
    };

type PaymentFacts = { amount: number; currency: string; status: string; standingRefunds: number; learnerEmail: string | null; productTitle: string | null; methodLabel: string | null; hasEnrollment: boolean };

/**
 * What a refund will do, decided once for the confirmation and again (from fresh rows) by the
 * action. Access follows DESIGN's rule unless the admin chose otherwise: a full refund revokes
 * the purchase, a partial one keeps it.
 */
export function planRefund(payment: PaymentFacts, request: { amount: string; access?: 'keep' | 'revoke' | 'default' }): RefundPlan {
  if (!(REFUNDABLE_STATUSES as readonly string[]).includes(payment.status)) return { ok: false, error: `A ${payment.status.replaceAll('_', ' ')} payment cannot be refunded here.` };
  const refundable = payment.amount - payment.standingRefunds;
  if (refundable <= 0) return { ok: false, error: 'This payment has already been refunded in full.' };
  const parsed = parseMoney(request.amount, payment.currency);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const amount = parsed.money.amount;
  const money = (value: number) => formatMoney({ amount: value, currency: payment.currency });
  if (amount <= 0) return { ok: false, error: 'Enter an amount above zero.' };
  if (amount > refundable) return { ok: false, error: `At most ${money(refundable)} can still be refunded.` };
  const full = amount === refundable;
  const keepAccess = request.access === 'keep' ? true : request.access === 'revoke' ? false : !full;
  const to = payment.methodLabel ? `to ${payment.methodLabel}` : 'to the original payment method';
  const effects = [
    `${money(amount)} goes back ${to}${full ? (payment.standingRefunds > 0 ? ' (the rest of the payment)' : ' (the whole payment)') : ` (${money(refundable - amount)} stays refundable)`}.`,
    payment.hasEnrollment
      ? keepAccess
        ? `${payment.learnerEmail ?? 'The learner'} keeps access to ${payment.productTitle ?? 'the course'}.`
        : full
          ? `${payment.learnerEmail ?? 'The learner'} loses access to ${payment.productTitle ?? 'the course'} once Stripe confirms the refund.`
          : `${payment.learnerEmail ?? 'The learner'} loses access to ${payment.productTitle ?? 'the course'} now.`
      : 'No course access is attached to this payment.',
    `${payment.learnerEmail ?? 'The learner'} gets a refund email once Stripe confirms it, and the receipt shows the refund.`,
    'Stripe processes it in the background; the status here updates from Stripe\'s webhook. Submitting twice refunds once.',
  ];
  return { ok: true, amount, currency: payment.currency, full, remainingAfter: refundable - amount, keepAccess, effects };
}
