// Every template's preview data (its PreviewProps), by template name: the unit tests render
// them, the admin's "Email templates" page shows and sends them, and `npm run email:preview` shows
// the same props.
import type { NotificationMessages, NotificationTemplate } from '@/lib/notifications/messages';
import { AdminAlertEmail } from '@/emails/admin-alert';
import { CardExpiringEmail } from '@/emails/card-expiring';
import { AdminAlertDigestEmail } from '@/emails/admin-alert-digest';
import { BankPaymentFailedEmail } from '@/emails/bank-payment-failed';
import { BankPaymentProcessingEmail } from '@/emails/bank-payment-processing';
import { DuplicatePaymentRefundedEmail } from '@/emails/duplicate-payment-refunded';
import { PaymentActionRequiredEmail } from '@/emails/payment-action-required';
import { PaymentFailedEmail } from '@/emails/payment-failed';
import { PaymentRecoveredEmail } from '@/emails/payment-recovered';
import { RenewalReminderEmail } from '@/emails/renewal-reminder';
import { SubscriptionEndedEmail } from '@/emails/subscription-ended';
import { TrialEndingEmail } from '@/emails/trial-ending';
import { PurchaseReceiptEmail } from '@/emails/purchase-receipt';
import { RefundIssuedEmail } from '@/emails/refund-issued';
import { RenewalReceiptEmail } from '@/emails/renewal-receipt';
import { SubscriptionStartedEmail } from '@/emails/subscription-started';

export const templatePreviews: { [T in NotificationTemplate]: NotificationMessages[T] } = {
  'purchase-receipt': PurchaseReceiptEmail.PreviewProps,
  'subscription-started': SubscriptionStartedEmail.PreviewProps,
  'renewal-receipt': RenewalReceiptEmail.PreviewProps,
  'refund-issued': RefundIssuedEmail.PreviewProps,
  'duplicate-payment-refunded': DuplicatePaymentRefundedEmail.PreviewProps,
  'payment-failed': PaymentFailedEmail.PreviewProps,
  'payment-action-required': PaymentActionRequiredEmail.PreviewProps,
  'payment-recovered': PaymentRecoveredEmail.PreviewProps,
  'subscription-ended': SubscriptionEndedEmail.PreviewProps,
  'trial-ending': TrialEndingEmail.PreviewProps,
  'renewal-reminder': RenewalReminderEmail.PreviewProps,
  'card-expiring': CardExpiringEmail.PreviewProps,
  'admin-alert': AdminAlertEmail.PreviewProps,
  'admin-alert-digest': AdminAlertDigestEmail.PreviewProps,
  'bank-payment-processing': BankPaymentProcessingEmail.PreviewProps,
  'bank-payment-failed': BankPaymentFailedEmail.PreviewProps,
};
