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

/**
 * The same notice as a text, for a learner who opted in to SMS: its own dedupe key, so the
 * email and the text are each sent once.
 */
export function asSms<T extends EnqueueParams>(notice: T, phone: string): T {
  return { ...notice, channel: 'sms', recipient: phone, dedupeKey: `${notice.dedupeKey}:sms` };
}

function addressed(learner: Learner) {
  return { recipient: learner.email, userId: learner.userId };
}

export function purchaseReceipt(learner: Learner, payment: PaidPayment, course: { title: string; slug: string }): EnqueueParams<'purchase-receipt'> {
  return {
    template: 'purchase-receipt',
    ...addressed(learner),
    dedupeKey: `receipt:${payment.stripePaymentIntentId}`,
    data: { learnerName: learner.name, courseTitle: course.title, courseUrl: lessonPlayerUrlOf(course.slug), ...paymentLine(payment) },
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
