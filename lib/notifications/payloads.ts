import { receiptNumberFor } from '@/lib/billing/payment-method-label';
import { env } from '@/lib/env';
import type { EnqueueParams } from './outbox';

// Every notification Bursar sends is built here, from plain facts the caller read from its
// own rows: one receipt number per payment (the printed receipt's), links that go to the
// exact receipt and to the lesson player, and one dedupe key per business event.

export type Learner = { userId: string; email: string; name: string | null };
export type PaidPayment = {
  /** Our payments row id: the receipt number and the receipt link come from it. */
  id: string;
  stripePaymentIntentId: string;
  amount: number;
  currency: string;
  methodLabel: string | null;
  paidAt: Date;
  /** What a coupon took off at Checkout (`amount` is after it); the receipt shows the line. */
  amountDiscount?: number;
  discountCode?: string | null;
};

const appUrl = (path: string) => `${env.APP_URL}${path}`;
export const receiptUrlOf = (paymentId: string) => appUrl(`/account/receipts/${paymentId}`);
/** Where "Start learning" goes: the course's first lesson in the player. */
export const lessonPlayerUrlOf = (courseSlug: string) => appUrl(`/learn/${courseSlug}/1`);

function paymentLine(payment: PaidPayment) {
  return {
    amount: payment.amount,
    currency: payment.currency,
    paymentMethod: payment.methodLabel,
    receiptNumber: receiptNumberFor(payment.id),
    receiptUrl: receiptUrlOf(payment.id),
    paidAt: payment.paidAt.toISOString(),
  };
}

function addressed(learner: Learner) {
  return { recipient: learner.email, userId: learner.userId };
}

export function purchaseReceipt(learner: Learner, payment: PaidPayment, course: { title: string; slug: string }): EnqueueParams<'purchase-receipt'> {
  return {
    template: 'purchase-receipt',
    ...addressed(learner),
    dedupeKey: `receipt:${payment.stripePaymentIntentId}`,
    data: {
      learnerName: learner.name,
      courseTitle: course.title,
      courseUrl: lessonPlayerUrlOf(course.slug),
      ...paymentLine(payment),
      discount: payment.amountDiscount ? { amount: payment.amountDiscount, code: payment.discountCode ?? null } : null,
    },
  };
}

export type InvoiceFacts = {
  stripeInvoiceId: string;
  number: string | null;
  amountPaid: number;
  currency: string;
  paidAt: Date;
  periodEnd: Date | null;
  hostedInvoiceUrl: string | null;
  invoicePdf: string | null;
};

/**
 * The receipt line of a subscription invoice: its payment's receipt when it was paid by one,
 * else (a 100 %-off or credit-covered invoice) the invoice's own number and the
 * subscription page.
 */
function invoiceLine(invoice: InvoiceFacts, payment: PaidPayment | null) {
  if (payment) return paymentLine({ ...payment, amount: invoice.amountPaid, currency: invoice.currency });
  return {
    amount: invoice.amountPaid,
    currency: invoice.currency,
    paymentMethod: null,
    receiptNumber: invoice.number ?? invoice.stripeInvoiceId,
    receiptUrl: appUrl('/account/subscription'),
    paidAt: invoice.paidAt.toISOString(),
  };
}

export function subscriptionStarted(
  learner: Learner,
  subscription: { stripeSubscriptionId: string; planName: string; interval: 'month' | 'year'; renewsAt: Date | null },
  invoice: InvoiceFacts,
  payment: PaidPayment | null,
): EnqueueParams<'subscription-started'> {
  return {
    template: 'subscription-started',
    ...addressed(learner),
    dedupeKey: `subscription-started:${subscription.stripeSubscriptionId}`,
    data: {
      learnerName: learner.name,
      planName: subscription.planName,
      interval: subscription.interval,
      renewsAt: subscription.renewsAt?.toISOString() ?? null,
      ...invoiceLine(invoice, payment),
    },
  };
}

export function renewalReceipt(learner: Learner, planName: string, invoice: InvoiceFacts, payment: PaidPayment | null): EnqueueParams<'renewal-receipt'> {
  return {
    template: 'renewal-receipt',
    ...addressed(learner),
    dedupeKey: `renewal:${invoice.stripeInvoiceId}`,
    data: {
      learnerName: learner.name,
      planName,
      periodEnd: invoice.periodEnd?.toISOString() ?? null,
      invoiceUrl: invoice.hostedInvoiceUrl,
      invoicePdfUrl: invoice.invoicePdf,
      ...invoiceLine(invoice, payment),
    },
  };
}

export function refundIssued(
  learner: Learner,
  refund: { stripeRefundId: string; amount: number; currency: string; refundedAt: Date },
  payment: { id: string; methodLabel: string | null },
  itemTitle: string,
  accessKept: boolean,
): EnqueueParams<'refund-issued'> {
  return {
    template: 'refund-issued',
    ...addressed(learner),
    dedupeKey: `refund:${refund.stripeRefundId}`,
    data: {
      learnerName: learner.name,
      itemTitle,
      amount: refund.amount,
      currency: refund.currency,
      refundedAt: refund.refundedAt.toISOString(),
      accessKept,
      receiptNumber: receiptNumberFor(payment.id),
      paymentMethod: payment.methodLabel,
      receiptUrl: receiptUrlOf(payment.id),
    },
  };
}

export function duplicatePaymentRefunded(
  learner: Learner,
  facts: {
    kind: 'purchase' | 'subscription';
    /** The business key of the duplicate: its PaymentIntent or subscription id. */
    duplicateKey: string;
    itemTitle: string;
    amount: number;
    currency: string;
    refundedPaymentId: string;
    keptPaymentId: string | null;
    methodLabel: string | null;
  },
): EnqueueParams<'duplicate-payment-refunded'> {
  return {
    template: 'duplicate-payment-refunded',
    ...addressed(learner),
    dedupeKey: `duplicate-refunded:${facts.duplicateKey}`,
    data: {
      learnerName: learner.name,
      kind: facts.kind,
      itemTitle: facts.itemTitle,
      amount: facts.amount,
      currency: facts.currency,
      refundedReceiptNumber: receiptNumberFor(facts.refundedPaymentId),
      keptReceiptNumber: facts.keptPaymentId ? receiptNumberFor(facts.keptPaymentId) : null,
      receiptUrl: appUrl('/account/purchases'),
      paymentMethod: facts.methodLabel,
    },
  };
}

export function paymentFailed(
  learner: Learner,
  facts: {
    stripeInvoiceId: string;
    attempt: number;
    itemTitle: string;
    amount: number;
    currency: string;
    reason: string | null;
    nextAttemptAt: Date | null;
    payUrl: string | null;
    accessEndsAt: Date | null;
    methodLabel: string | null;
    /** All automatic attempts of the dunning policy. */
    attempts?: number;
  },
): EnqueueParams<'payment-failed'> {
  return {
    template: 'payment-failed',
    ...addressed(learner),
    dedupeKey: `payment-failed:${facts.stripeInvoiceId}:${facts.attempt}`,
    data: {
      learnerName: learner.name,
      itemTitle: facts.itemTitle,
      amount: facts.amount,
      currency: facts.currency,
      reason: facts.reason,
      attempt: facts.attempt,
      nextAttemptAt: facts.nextAttemptAt?.toISOString() ?? null,
      payUrl: facts.payUrl,
      accessEndsAt: facts.accessEndsAt?.toISOString() ?? null,
      paymentMethod: facts.methodLabel,
      ...(facts.attempts ? { attempts: Math.max(facts.attempts, facts.attempt) } : {}),
      updateCardUrl: subscriptionPageUrl,
    },
  };
}

/** The account page where a subscriber manages the plan and card (it opens Stripe's Portal). */
export const subscriptionPageUrl = appUrl('/account/subscription');

/** A renewal needs 3-D Secure; Stripe does not retry these, so the learner must act. One per invoice. */
export function paymentActionRequired(
  learner: Learner,
  facts: { stripeInvoiceId: string; itemTitle: string; amount: number; currency: string; confirmUrl: string; accessEndsAt: Date | null },
): EnqueueParams<'payment-action-required'> {
  return {
    template: 'payment-action-required',
    ...addressed(learner),
    dedupeKey: `action-required:${facts.stripeInvoiceId}`,
    data: {
      learnerName: learner.name,
      itemTitle: facts.itemTitle,
      amount: facts.amount,
      currency: facts.currency,
      confirmUrl: facts.confirmUrl,
      accessEndsAt: facts.accessEndsAt?.toISOString() ?? null,
    },
  };
}

/** A renewal that had failed is paid (a retry, a new card, the hosted invoice). One per invoice. */
export function paymentRecovered(learner: Learner, itemTitle: string, invoice: InvoiceFacts, payment: PaidPayment | null, failedAttempts: number): EnqueueParams<'payment-recovered'> {
  return {
    template: 'payment-recovered',
    ...addressed(learner),
    dedupeKey: `recovered:${invoice.stripeInvoiceId}`,
    data: { learnerName: learner.name, itemTitle, failedAttempts, ...invoiceLine(invoice, payment) },
  };
}

/** The subscription ended; for non-payment this is the last dunning message. One per subscription. */
export function subscriptionEnded(
  learner: Learner,
  facts: { stripeSubscriptionId: string; planName: string; endedAt: Date; reason: 'payment_failed' | 'canceled'; amountDue: number | null; currency: string },
): EnqueueParams<'subscription-ended'> {
  return {
    template: 'subscription-ended',
    ...addressed(learner),
    dedupeKey: `subscription-ended:${facts.stripeSubscriptionId}`,
    data: {
      learnerName: learner.name,
      planName: facts.planName,
      endedAt: facts.endedAt.toISOString(),
      reason: facts.reason,
      amountDue: facts.amountDue,
      currency: facts.currency,
      resubscribeUrl: appUrl('/pricing'),
    },
  };
}

/** Three days before a trial converts (Stripe's trial_will_end). One per subscription and trial end. */
export function trialEnding(
  learner: Learner,
  facts: { stripeSubscriptionId: string; planName: string; trialEndsAt: Date; amount: number; currency: string },
): EnqueueParams<'trial-ending'> {
  return {
    template: 'trial-ending',
    ...addressed(learner),
    dedupeKey: `trial-ending:${facts.stripeSubscriptionId}:${facts.trialEndsAt.toISOString()}`,
    data: {
      learnerName: learner.name,
      planName: facts.planName,
      trialEndsAt: facts.trialEndsAt.toISOString(),
      amount: facts.amount,
      currency: facts.currency,
      manageUrl: subscriptionPageUrl,
    },
  };
}

/** Before a yearly renewal (Stripe's invoice.upcoming). One per subscription and renewal date. */
export function renewalReminder(
  learner: Learner,
  facts: { stripeSubscriptionId: string; planName: string; interval: 'month' | 'year'; renewsAt: Date; amount: number; currency: string },
): EnqueueParams<'renewal-reminder'> {
  return {
    template: 'renewal-reminder',
    ...addressed(learner),
    dedupeKey: `renewal-reminder:${facts.stripeSubscriptionId}:${facts.renewsAt.toISOString()}`,
    data: {
      learnerName: learner.name,
      planName: facts.planName,
      interval: facts.interval,
      renewsAt: facts.renewsAt.toISOString(),
      amount: facts.amount,
      currency: facts.currency,
      manageUrl: subscriptionPageUrl,
    },
  };
}

export function bankPaymentProcessing(
  learner: Learner,
  payment: { id: string; stripePaymentIntentId: string; amount: number; currency: string; methodLabel: string | null },
  itemTitle: string,
): EnqueueParams<'bank-payment-processing'> {
  return {
    template: 'bank-payment-processing',
    ...addressed(learner),
    dedupeKey: `bank-processing:${payment.stripePaymentIntentId}`,
    data: {
      learnerName: learner.name,
      itemTitle,
      amount: payment.amount,
      currency: payment.currency,
      paymentMethod: payment.methodLabel,
      receiptNumber: receiptNumberFor(payment.id),
      receiptUrl: receiptUrlOf(payment.id),
    },
  };
}

export function bankPaymentFailed(
  learner: Learner,
  payment: { stripePaymentIntentId: string; amount: number; currency: string; failureMessage: string | null; methodLabel: string | null },
  itemTitle: string,
  retryPath: string,
): EnqueueParams<'bank-payment-failed'> {
  return {
    template: 'bank-payment-failed',
    ...addressed(learner),
    dedupeKey: `bank-failed:${payment.stripePaymentIntentId}`,
    data: {
      learnerName: learner.name,
      itemTitle,
      amount: payment.amount,
      currency: payment.currency,
      reason: payment.failureMessage,
      retryUrl: appUrl(retryPath),
      paymentMethod: payment.methodLabel,
    },
  };
}
