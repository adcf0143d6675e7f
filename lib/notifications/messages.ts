/**
 * What each notification carries. Enqueuers (fulfillment, webhook handlers, dunning) build
 * these from the database; the worker renders them with the React Email template of the
 * same name. Amounts are minor units + currency; dates are ISO strings (JSON in the outbox).
 */
type PaymentLine = {
  amount: number;
  currency: string;
  /** e.g. "Visa •••• 4242" or "US bank account •••• 6789"; null when unknown. */
  paymentMethod: string | null;
  /** Our receipt number (stable, shown to the learner), e.g. the payment's short id. */
  receiptNumber: string;
  /** Absolute URL of the receipt page in the account. */
  receiptUrl: string;
  paidAt: string;
};

// Optional extras the templates show when present (added after the first contract, so
// enqueuers that do not set them keep compiling; the emails simply leave the line out).
type RefundExtras = {
  /** The receipt number of the refunded payment. */
  receiptNumber?: string;
  /** The method the refund goes back to, e.g. "Visa •••• 4242". */
  paymentMethod?: string | null;
};
type FailureExtras = {
  /** e.g. "Visa •••• 0341"; null when unknown. */
  paymentMethod?: string | null;
  /** When the attempt failed (ISO). */
  failedAt?: string;
  /** Invoice or receipt number the failed payment belongs to. */
  receiptNumber?: string;
};
type ProcessingExtras = {
  /** When the debit was submitted (ISO). */
  submittedAt?: string;
  /** Our receipt number for the payment, once it exists. */
  receiptNumber?: string;
  /** Absolute URL of the payment's page in the account, where its status shows. */
  receiptUrl?: string;
};

export type NotificationMessages = {
  'purchase-receipt': PaymentLine & { learnerName: string | null; courseTitle: string; courseUrl: string };
  'subscription-started': PaymentLine & { learnerName: string | null; planName: string; interval: 'month' | 'year'; renewsAt: string | null };
  'renewal-receipt': PaymentLine & { learnerName: string | null; planName: string; periodEnd: string | null; invoiceUrl: string | null; invoicePdfUrl: string | null };
  'refund-issued': { learnerName: string | null; itemTitle: string; amount: number; currency: string; refundedAt: string; accessKept: boolean; receiptUrl: string } & RefundExtras;
  'payment-failed': { learnerName: string | null; itemTitle: string; amount: number; currency: string; reason: string | null; attempt: number; nextAttemptAt: string | null; payUrl: string | null; accessEndsAt: string | null } & FailureExtras;
  'bank-payment-processing': { learnerName: string | null; itemTitle: string; amount: number; currency: string; paymentMethod: string | null } & ProcessingExtras;
  'bank-payment-failed': { learnerName: string | null; itemTitle: string; amount: number; currency: string; reason: string | null; retryUrl: string } & FailureExtras;
};

export type NotificationTemplate = keyof NotificationMessages;
