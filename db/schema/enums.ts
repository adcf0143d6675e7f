// Value sets shared by the schema (as CHECK constraints) and the application (as types).
// Stripe-mirrored sets follow the pinned API version's enums.

export const userRoles = ['learner', 'admin'] as const;
export type UserRole = (typeof userRoles)[number];

export const courseLevels = ['beginner', 'intermediate', 'advanced'] as const;
export type CourseLevel = (typeof courseLevels)[number];

// archived: retired from sale and hidden everywhere; learners who bought it keep their access.
export const courseStatuses = ['draft', 'published', 'unlisted', 'archived'] as const;
export type CourseStatus = (typeof courseStatuses)[number];

export const priceTypes = ['one_time', 'recurring'] as const;
export type PriceType = (typeof priceTypes)[number];

export const priceIntervals = ['month', 'year'] as const;
export type PriceInterval = (typeof priceIntervals)[number];

export const couponDurations = ['once', 'repeating', 'forever'] as const;
export type CouponDuration = (typeof couponDurations)[number];

export const checkoutModes = ['payment', 'subscription'] as const;
export const checkoutStatuses = ['open', 'complete', 'expired'] as const;
export const checkoutPaymentStatuses = ['paid', 'unpaid', 'no_payment_required'] as const;

// Our payment status machine (DESIGN.md), not Stripe's PaymentIntent status verbatim.
export const paymentStatuses = [
  'pending',
  'requires_action',
  'processing',
  'succeeded',
  'failed',
  'canceled',
  'partially_refunded',
  'refunded',
  'disputed',
  'charged_back',
] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export const refundStatuses = ['pending', 'requires_action', 'succeeded', 'failed', 'canceled'] as const;
export type RefundStatus = (typeof refundStatuses)[number];

export const creditNoteStatuses = ['issued', 'void'] as const;
export type CreditNoteStatus = (typeof creditNoteStatuses)[number];
export const creditNoteTypes = ['pre_payment', 'post_payment'] as const;
export type CreditNoteType = (typeof creditNoteTypes)[number];

export const disputeStatuses = [
  'warning_needs_response',
  'warning_under_review',
  'warning_closed',
  'needs_response',
  'under_review',
  'won',
  'lost',
  'prevented',
] as const;
export type DisputeStatus = (typeof disputeStatuses)[number];

export const subscriptionStatuses = [
  'incomplete',
  'incomplete_expired',
  'trialing',
  'active',
  'past_due',
  'canceled',
  'unpaid',
  'paused',
] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];
/** Statuses in which a subscription still bills or may still bill: at most one per learner and plan. */
export const liveSubscriptionStatuses = ['incomplete', 'trialing', 'active', 'past_due', 'unpaid', 'paused'] as const satisfies readonly SubscriptionStatus[];

export const invoiceStatuses = ['draft', 'open', 'paid', 'uncollectible', 'void'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

export const enrollmentSources = ['purchase', 'subscription', 'grant'] as const;
export type EnrollmentSource = (typeof enrollmentSources)[number];

export const enrollmentStatuses = ['active', 'revoked'] as const;
export type EnrollmentStatus = (typeof enrollmentStatuses)[number];

// received: waiting for a worker; failed: an attempt failed, retried with backoff; dead: out of
// attempts (the dead letter an admin sees and can replay); processed / ignored: done.
export const stripeEventStatuses = ['received', 'processed', 'failed', 'dead', 'ignored'] as const;
export type StripeEventStatus = (typeof stripeEventStatuses)[number];

export const messageChannels = ['email', 'sms'] as const;
export type MessageChannel = (typeof messageChannels)[number];

export const outboxStatuses = ['pending', 'sending', 'sent', 'failed', 'canceled'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

export const jobStatuses = ['pending', 'running', 'succeeded', 'failed', 'canceled'] as const;
export type JobStatus = (typeof jobStatuses)[number];

// What the access log records (dispute evidence); lesson activity lives in lesson_progress.
export const accessLogEvents = ['sign_in'] as const;
export type AccessLogEvent = (typeof accessLogEvents)[number];

export const auditActorTypes = ['user', 'admin', 'system', 'stripe'] as const;
export type AuditActorType = (typeof auditActorTypes)[number];

export const reconciliationRunStatuses = ['queued', 'running', 'succeeded', 'failed'] as const;
export const reconciliationIssues = ['missing_locally', 'missing_in_stripe', 'mismatch'] as const;
export const reconciliationResolutions = ['open', 'resolved', 'ignored'] as const;

// SMS consent: opted in or out, from the account form, a keyword text (STOP/START) or an admin.
export const smsConsentActions = ['opt_in', 'opt_out'] as const;
export type SmsConsentAction = (typeof smsConsentActions)[number];
export const smsConsentSources = ['account_settings', 'sms_keyword', 'admin'] as const;
export type SmsConsentSource = (typeof smsConsentSources)[number];

export const adminAlertKinds = ['dispute_opened', 'refund_failed', 'payout_failed', 'webhooks_dead', 'webhooks_lagging', 'reconciliation_difference'] as const;
export type AdminAlertKind = (typeof adminAlertKinds)[number];
