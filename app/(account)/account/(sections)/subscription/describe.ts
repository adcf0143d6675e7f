import type { SubscriptionStatus } from '@/db/schema/enums';
import { paymentMethodLabel } from '@/lib/billing/payment-method-label';
import { formatMoney } from '@/lib/billing/money';
import type { SwitchPreview } from '@/lib/billing/subscription-actions';

// Plain-words display for the subscription page. Dates are rendered on the server, which
// does not know the learner's zone: UTC, so a date never shifts between two renders.
const longDate = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' });

export const formatDate = (date: Date | null): string => (date ? longDate.format(date) : 'a date we have not received yet');

export const perInterval = (interval: 'month' | 'year' | null): string => (interval === 'year' ? 'year' : 'month');

type StatusInput = { status: SubscriptionStatus; cancelAtPeriodEnd: boolean; currentPeriodEnd: Date | null; trialEnd: Date | null; endedAt: Date | null };

export type StatusWords = { label: string; tone: 'success' | 'warning' | 'neutral'; detail: string };

export function describeStatus(s: StatusInput): StatusWords {
  if ((s.status === 'active' || s.status === 'trialing') && s.cancelAtPeriodEnd) {
    return { label: 'Canceled — access until period end', tone: 'warning', detail: `You keep All-Access until ${formatDate(s.currentPeriodEnd)}. You will not be charged again.` };
  }
  switch (s.status) {
    case 'active':
      return { label: 'Active', tone: 'success', detail: `Renews automatically on ${formatDate(s.currentPeriodEnd)}.` };
    case 'trialing':
      return { label: 'Free trial', tone: 'success', detail: `Your trial ends and the first payment is taken on ${formatDate(s.trialEnd ?? s.currentPeriodEnd)}.` };
    case 'past_due':
      return { label: 'Payment failed', tone: 'warning', detail: 'Your last renewal payment failed. We are retrying your card; update it under “Manage billing” to keep access.' };
    case 'unpaid':
      return { label: 'Unpaid', tone: 'warning', detail: 'Renewal payments failed. Pay the open invoice under “Manage billing” to get access back.' };
    case 'incomplete':
      return { label: 'Waiting for the first payment', tone: 'neutral', detail: 'Your first payment has not gone through yet.' };
    case 'incomplete_expired':
      return { label: 'Never started', tone: 'neutral', detail: 'The first payment did not go through, so the subscription never started.' };
    case 'paused':
      return { label: 'Paused', tone: 'neutral', detail: 'Your subscription is paused; nothing is charged.' };
    case 'canceled':
      return { label: 'Ended', tone: 'neutral', detail: `Your subscription ended on ${formatDate(s.endedAt ?? s.currentPeriodEnd)}.` };
  }
}

export function describePaymentMethod(m: { type: string; brand: string | null; last4: string | null; expMonth: number | null; expYear: number | null }): string {
  const name = paymentMethodLabel(m) ?? 'Card';
  const expiry = m.expMonth && m.expYear ? `, expires ${String(m.expMonth).padStart(2, '0')}/${m.expYear}` : '';
  return `${name}${expiry}`;
}

/** The proration in sentences, from Stripe's preview: what is charged now, why, and what comes next. */
export function explainSwitch(preview: SwitchPreview): string[] {
  const money = (amount: number) => formatMoney({ amount, currency: preview.currency });
  const cadence = preview.interval === 'year' ? 'yearly' : 'monthly';
  const period = preview.interval === 'year' ? 'a year' : 'a month';
  const sentences: string[] = [];
  if (preview.amountDueNow > 0) {
    sentences.push(
      preview.credit > 0
        ? `You will be charged ${money(preview.amountDueNow)} today: ${money(preview.newPeriodAmount)} for ${period} of All-Access, minus ${money(preview.credit)} credit for the unused time on your current plan.`
        : `You will be charged ${money(preview.amountDueNow)} today for ${period} of All-Access.`,
    );
  } else {
    sentences.push(`Nothing is charged today: the ${money(preview.credit)} credit for the unused time on your current plan covers ${period} of All-Access (${money(preview.newPeriodAmount)}).`);
    if (preview.total < 0) sentences.push(`The remaining ${money(-preview.total)} stays on your account as credit and pays toward your next invoices.`);
  }
  sentences.push(`Your new billing period starts today; after that you are billed ${money(preview.newPeriodAmount)} ${cadence}, next on ${formatDate(preview.newPeriodEnd)}.`);
  return sentences;
}

/**
 * What the next renewal charges once the learner's credit is applied, as Stripe applies a
 * customer balance at finalization: the credit pays first, the card the rest. Credit in
 * another currency than the price does not apply.
 */
export function nextPaymentAfterCredit(
  price: { unitAmount: number; currency: string },
  credit: { amount: number; currency: string } | null,
): { charged: number; creditUsed: number; creditLeft: number } {
  const usable = credit && credit.currency === price.currency ? credit.amount : 0;
  const creditUsed = Math.min(usable, price.unitAmount);
  return { charged: price.unitAmount - creditUsed, creditUsed, creditLeft: usable - creditUsed };
}
