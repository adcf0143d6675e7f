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

export type NotificationMessages = {
  'purchase-receipt': PaymentLine & { learnerName: string | null; courseTitle: string; courseUrl: string };
  'subscription-started': PaymentLine & { learnerName: string | null; planName: string; interval: 'month' | 'year'; renewsAt: string | null };
  'renewal-receipt': PaymentLine & { learnerName: string | null; planName: string; periodEnd: string | null; invoiceUrl: string | null; invoicePdfUrl: string | null };
  'refund-issued': { learnerName: string | null; itemTitle: string; amount: number; currency: string; refundedAt: string; accessKept: boolean; receiptUrl: string };
  'payment-failed': { learnerName: string | null; itemTitle: string; amount: number; currency: string; reason: string | null; attempt: number; nextAttemptAt: string | null; payUrl: string | null; accessEndsAt: string | null };
  'bank-payment-processing': { learnerName: string | null; itemTitle: string; amount: number; currency: string; paymentMethod: string | null };
  'bank-payment-failed': { learnerName: string | null; itemTitle: string; amount: number; currency: string; reason: string | null; retryUrl: string };
};

export type NotificationTemplate = keyof NotificationMessages;
