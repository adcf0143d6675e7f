import type { WebhookHandlers } from './types';
import { handleChargeDisputeClosed } from './handlers/charge-dispute-closed';
import { handleChargeDisputeCreated } from './handlers/charge-dispute-created';
import { handleChargeDisputeFundsReinstated } from './handlers/charge-dispute-funds-reinstated';
import { handleChargeDisputeFundsWithdrawn } from './handlers/charge-dispute-funds-withdrawn';
import { handleChargeDisputeUpdated } from './handlers/charge-dispute-updated';
import { handleChargeRefunded } from './handlers/charge-refunded';
import { handleChargeSucceeded } from './handlers/charge-succeeded';
import { handleChargeUpdated } from './handlers/charge-updated';
import { handleCheckoutSessionAsyncPaymentFailed } from './handlers/checkout-session-async-payment-failed';
import { handleCheckoutSessionAsyncPaymentSucceeded } from './handlers/checkout-session-async-payment-succeeded';
import { handleCheckoutSessionCompleted } from './handlers/checkout-session-completed';
import { handleCheckoutSessionExpired } from './handlers/checkout-session-expired';
import { handleCreditNoteCreated } from './handlers/credit-note-created';
import { handleCreditNoteUpdated } from './handlers/credit-note-updated';
import { handleCreditNoteVoided } from './handlers/credit-note-voided';
import { handleCustomerDeleted } from './handlers/customer-deleted';
import { handleCustomerSubscriptionCreated } from './handlers/customer-subscription-created';
import { handleCustomerSubscriptionDeleted } from './handlers/customer-subscription-deleted';
import { handleCustomerSubscriptionPaused } from './handlers/customer-subscription-paused';
import { handleCustomerSubscriptionResumed } from './handlers/customer-subscription-resumed';
import { handleCustomerSubscriptionTrialWillEnd } from './handlers/customer-subscription-trial-will-end';
import { handleCustomerSubscriptionUpdated } from './handlers/customer-subscription-updated';
import { handleCustomerUpdated } from './handlers/customer-updated';
import { handleInvoiceFinalized } from './handlers/invoice-finalized';
import { handleInvoiceMarkedUncollectible } from './handlers/invoice-marked-uncollectible';
import { handleInvoicePaid } from './handlers/invoice-paid';
import { handleInvoicePaymentActionRequired } from './handlers/invoice-payment-action-required';
import { handleInvoicePaymentFailed } from './handlers/invoice-payment-failed';
import { handleInvoiceUpcoming } from './handlers/invoice-upcoming';
import { handlePayoutFailed } from './handlers/payout-failed';
import { handlePaymentIntentCanceled } from './handlers/payment-intent-canceled';
import { handlePaymentIntentPaymentFailed } from './handlers/payment-intent-payment-failed';
import { handlePaymentIntentProcessing } from './handlers/payment-intent-processing';
import { handlePaymentIntentRequiresAction } from './handlers/payment-intent-requires-action';
import { handlePaymentIntentSucceeded } from './handlers/payment-intent-succeeded';
import { handlePaymentMethodAttached } from './handlers/payment-method-attached';
import { handlePaymentMethodAutomaticallyUpdated } from './handlers/payment-method-automatically-updated';
import { handlePaymentMethodDetached } from './handlers/payment-method-detached';
import { handlePaymentMethodUpdated } from './handlers/payment-method-updated';
import { handleRefundCreated } from './handlers/refund-created';
import { handleRefundFailed } from './handlers/refund-failed';
import { handleRefundUpdated } from './handlers/refund-updated';

/**
 * Event type → handler: every type DESIGN.md lists ("Events to handle"), and credit notes (a
 * subscription payment's refund is one). A type not here is
 * recorded as `ignored` and answered 200, so Stripe stops retrying it.
 */
export const stripeEventHandlers: WebhookHandlers = {
  'checkout.session.completed': handleCheckoutSessionCompleted,
  'checkout.session.async_payment_succeeded': handleCheckoutSessionAsyncPaymentSucceeded,
  'checkout.session.async_payment_failed': handleCheckoutSessionAsyncPaymentFailed,
  'checkout.session.expired': handleCheckoutSessionExpired,
  'payment_intent.processing': handlePaymentIntentProcessing,
  'payment_intent.succeeded': handlePaymentIntentSucceeded,
  'payment_intent.payment_failed': handlePaymentIntentPaymentFailed,
  'payment_intent.canceled': handlePaymentIntentCanceled,
  'payment_intent.requires_action': handlePaymentIntentRequiresAction,
  'charge.succeeded': handleChargeSucceeded,
  'charge.updated': handleChargeUpdated,
  'charge.refunded': handleChargeRefunded,
  'refund.created': handleRefundCreated,
  'refund.updated': handleRefundUpdated,
  'refund.failed': handleRefundFailed,
  'charge.dispute.created': handleChargeDisputeCreated,
  'charge.dispute.updated': handleChargeDisputeUpdated,
  'charge.dispute.funds_withdrawn': handleChargeDisputeFundsWithdrawn,
  'charge.dispute.funds_reinstated': handleChargeDisputeFundsReinstated,
  'charge.dispute.closed': handleChargeDisputeClosed,
  'customer.subscription.created': handleCustomerSubscriptionCreated,
  'customer.subscription.updated': handleCustomerSubscriptionUpdated,
  'customer.subscription.deleted': handleCustomerSubscriptionDeleted,
  'customer.subscription.trial_will_end': handleCustomerSubscriptionTrialWillEnd,
  'customer.subscription.paused': handleCustomerSubscriptionPaused,
  'customer.subscription.resumed': handleCustomerSubscriptionResumed,
  'invoice.paid': handleInvoicePaid,
  'invoice.payment_failed': handleInvoicePaymentFailed,
  'invoice.payment_action_required': handleInvoicePaymentActionRequired,
  'invoice.upcoming': handleInvoiceUpcoming,
  'payout.failed': handlePayoutFailed,
  'invoice.finalized': handleInvoiceFinalized,
  'invoice.marked_uncollectible': handleInvoiceMarkedUncollectible,
  'credit_note.created': handleCreditNoteCreated,
  'credit_note.updated': handleCreditNoteUpdated,
  'credit_note.voided': handleCreditNoteVoided,
  'customer.updated': handleCustomerUpdated,
  'customer.deleted': handleCustomerDeleted,
  'payment_method.attached': handlePaymentMethodAttached,
  'payment_method.updated': handlePaymentMethodUpdated,
  'payment_method.detached': handlePaymentMethodDetached,
  'payment_method.automatically_updated': handlePaymentMethodAutomaticallyUpdated,
};

export const HANDLED_EVENT_TYPES = Object.keys(stripeEventHandlers);
