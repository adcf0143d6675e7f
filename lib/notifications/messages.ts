import { z } from 'zod';

/**
 * What each notification carries, as schemas: enqueuers (lib/notifications/payloads.ts)
 * build the data from plain facts, the outbox stores it as JSON, and the worker validates
 * it against the same schema when it reads it back, before rendering the React Email
 * template of the same name. Amounts are minor units + currency; dates are ISO strings.
 */
const money = { amount: z.number().int(), currency: z.string().regex(/^[a-z]{3}$/) };
const iso = z.iso.datetime({ offset: true });
const url = z.url();
const learner = { learnerName: z.string().nullable() };

const paymentLine = {
  ...money,
  /** e.g. "Visa •••• 4242" or "US bank account •••• 6789"; null when unknown. */
  paymentMethod: z.string().nullable(),
  /** The payment's receipt number (BR-…), the same in the account and on the printed receipt. */
  receiptNumber: z.string().min(1),
  /** Absolute URL of that receipt in the account. */
  receiptUrl: url,
  paidAt: iso,
};

export const notificationSchemas = {
  'purchase-receipt': z.object({
    ...learner,
    ...paymentLine,
    /**
     * What a promotion code took off at Checkout (minor units of the same currency; `amount`
     * is what was charged after it), as on the receipt page. Absent in messages queued before it existed.
     */
    discount: z.object({ amount: z.number().int().positive(), code: z.string().nullable() }).nullable().optional(),
    courseTitle: z.string(),
    /** The lesson player, where "Start learning" leads. */
    courseUrl: url,
  }),
  'subscription-started': z.object({
    ...learner,
    ...paymentLine,
    planName: z.string(),
    interval: z.enum(['month', 'year']),
    renewsAt: iso.nullable(),
  }),
  'renewal-receipt': z.object({
    ...learner,
    ...paymentLine,
    planName: z.string(),
    periodEnd: iso.nullable(),
    invoiceUrl: url.nullable(),
    invoicePdfUrl: url.nullable(),
  }),
  'refund-issued': z.object({
    ...learner,
    ...money,
    itemTitle: z.string(),
    refundedAt: iso,
    accessKept: z.boolean(),
    receiptUrl: url,
    /** The receipt number of the refunded payment. */
    receiptNumber: z.string().optional(),
    /** The method the refund goes back to. */
    paymentMethod: z.string().nullable().optional(),
  }),
  'duplicate-payment-refunded': z.object({
    ...learner,
    ...money,
    itemTitle: z.string(),
    /** The payment that stays, and the one refunded. */
    keptReceiptNumber: z.string().nullable(),
    refundedReceiptNumber: z.string(),
    receiptUrl: url,
    paymentMethod: z.string().nullable(),
    kind: z.enum(['purchase', 'subscription']),
  }),
  'payment-failed': z.object({
    ...learner,
    ...money,
    itemTitle: z.string(),
    reason: z.string().nullable(),
    attempt: z.number().int(),
    nextAttemptAt: iso.nullable(),
    payUrl: url.nullable(),
    accessEndsAt: iso.nullable(),
    paymentMethod: z.string().nullable().optional(),
    failedAt: iso.optional(),
    receiptNumber: z.string().optional(),
    /** How many automatic attempts the dunning policy makes in all ("attempt 2 of 4"). */
    attempts: z.number().int().positive().optional(),
    /** Where the learner updates their card (the account's subscription page, which opens the Portal). */
    updateCardUrl: url.optional(),
  }),
  'payment-action-required': z.object({
    ...learner,
    ...money,
    itemTitle: z.string(),
    /** Stripe's hosted invoice page, where the learner completes 3-D Secure. */
    confirmUrl: url,
    accessEndsAt: iso.nullable(),
  }),
  'payment-recovered': z.object({
    ...learner,
    ...paymentLine,
    itemTitle: z.string(),
    failedAttempts: z.number().int().nonnegative(),
  }),
  'subscription-ended': z.object({
    ...learner,
    planName: z.string(),
    endedAt: iso,
    reason: z.enum(['payment_failed', 'canceled']),
    /** Amount left unpaid when it ended for non-payment. */
    amountDue: z.number().int().nullable(),
    currency: z.string().regex(/^[a-z]{3}$/),
    resubscribeUrl: url,
  }),
  'trial-ending': z.object({
    ...learner,
    ...money,
    planName: z.string(),
    trialEndsAt: iso,
    manageUrl: url,
  }),
  'renewal-reminder': z.object({
    ...learner,
    ...money,
    planName: z.string(),
    interval: z.enum(['month', 'year']),
    renewsAt: iso,
    manageUrl: url,
  }),
  'card-expiring': z.object({
    ...learner,
    /** e.g. "Visa •••• 4242". */
    card: z.string(),
    /** "12/2026". */
    expires: z.string().regex(/^\d{2}\/\d{4}$/),
    planName: z.string(),
    renewsAt: iso,
    updateUrl: url,
  }),
  'admin-alert': z.object({
    title: z.string().min(1),
    detail: z.string().nullable(),
    /** The admin page to act on it. */
    url: url.nullable(),
    raisedAt: iso,
  }),
  'admin-alert-digest': z.object({
    /** The day the digest covers, YYYY-MM-DD (UTC). */
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    alerts: z.array(z.object({ title: z.string(), detail: z.string().nullable(), url: url.nullable(), raisedAt: iso })).min(1),
    dashboardUrl: url,
  }),
  'bank-payment-processing': z.object({
    ...learner,
    ...money,
    itemTitle: z.string(),
    paymentMethod: z.string().nullable(),
    submittedAt: iso.optional(),
    receiptNumber: z.string().optional(),
    receiptUrl: url.optional(),
  }),
  'bank-payment-failed': z.object({
    ...learner,
    ...money,
    itemTitle: z.string(),
    reason: z.string().nullable(),
    retryUrl: url,
    paymentMethod: z.string().nullable().optional(),
    failedAt: iso.optional(),
    receiptNumber: z.string().optional(),
  }),
} as const;

export type NotificationTemplate = keyof typeof notificationSchemas;
export type NotificationMessages = { [T in NotificationTemplate]: z.infer<(typeof notificationSchemas)[T]> };

/** Stored data read back from the outbox, checked against its template's schema. */
export function parseNotificationData<T extends NotificationTemplate>(template: T, data: unknown): NotificationMessages[T] {
  const result = notificationSchemas[template].safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`Stored data for "${template}" does not match its schema (${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'})`);
  }
  return result.data as NotificationMessages[T];
}
