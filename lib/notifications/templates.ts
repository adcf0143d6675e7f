import { createElement, type ReactElement } from 'react';
import { BankPaymentFailedEmail } from '@/emails/bank-payment-failed';
import { BankPaymentProcessingEmail } from '@/emails/bank-payment-processing';
import { DuplicatePaymentRefundedEmail } from '@/emails/duplicate-payment-refunded';
import { formatEmailAmount as money } from '@/emails/components/format';
import { formatEmailDate as day } from '@/emails/components/format';
import { AdminAlertEmail } from '@/emails/admin-alert';
import { CardExpiringEmail } from '@/emails/card-expiring';
import { AdminAlertDigestEmail } from '@/emails/admin-alert-digest';
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
import type { NotificationMessages, NotificationTemplate } from './messages';

export type TemplateDefinition<T extends NotificationTemplate> = {
  subject: (data: NotificationMessages[T]) => string;
  render: (data: NotificationMessages[T]) => ReactElement;
  /** One short line for the SMS channel (no HTML, a link at most). */
  sms: (data: NotificationMessages[T]) => string;
};

// A mapped type over NotificationMessages: adding a template there without adding it here
// is a compile error, so the worker can never meet a typed message it cannot render.
export const notificationTemplates: { [T in NotificationTemplate]: TemplateDefinition<T> } = {
  'purchase-receipt': {
    subject: (d) => `Your receipt for ${d.courseTitle}`,
    render: (d) => createElement(PurchaseReceiptEmail, d),
    sms: (d) => `Bursar: ${money(d.amount, d.currency)} paid for ${d.courseTitle}. Receipt: ${d.receiptUrl}`,
  },
  'subscription-started': {
    subject: (d) => `Welcome to ${d.planName}: your receipt`,
    render: (d) => createElement(SubscriptionStartedEmail, d),
    sms: (d) => `Bursar: your ${d.planName} subscription is active (${money(d.amount, d.currency)}). Receipt: ${d.receiptUrl}`,
  },
  'renewal-receipt': {
    subject: (d) => `Your ${d.planName} subscription renewed`,
    render: (d) => createElement(RenewalReceiptEmail, d),
    sms: (d) => `Bursar: ${d.planName} renewed, ${money(d.amount, d.currency)} paid. Receipt: ${d.receiptUrl}`,
  },
  'refund-issued': {
    subject: (d) => `Refund of ${money(d.amount, d.currency)} for ${d.itemTitle}`,
    render: (d) => createElement(RefundIssuedEmail, d),
    sms: (d) => `Bursar: we refunded ${money(d.amount, d.currency)} for ${d.itemTitle}. Details: ${d.receiptUrl}`,
  },
  'duplicate-payment-refunded': {
    subject: (d) => `We refunded a duplicate payment for ${d.itemTitle}`,
    render: (d) => createElement(DuplicatePaymentRefundedEmail, d),
    sms: (d) => `Bursar: you paid twice for ${d.itemTitle}; we refunded ${money(d.amount, d.currency)}. Details: ${d.receiptUrl}`,
  },
  'payment-failed': {
    subject: (d) => `Action needed: your payment for ${d.itemTitle} did not go through`,
    render: (d) => createElement(PaymentFailedEmail, d),
    sms: (d) =>
      `Bursar: your payment of ${money(d.amount, d.currency)} for ${d.itemTitle} failed` +
      (d.attempts ? ` (attempt ${d.attempt} of ${d.attempts})` : '') +
      '.' +
      (d.nextAttemptAt ? ` We retry on ${day(d.nextAttemptAt)}.` : '') +
      (d.payUrl ? ` Pay or update your card: ${d.payUrl}` : d.updateCardUrl ? ` Update your card: ${d.updateCardUrl}` : ' Please update your card in your account.'),
  },
  'payment-action-required': {
    subject: (d) => `Action needed: confirm your ${money(d.amount, d.currency)} payment for ${d.itemTitle}`,
    render: (d) => createElement(PaymentActionRequiredEmail, d),
    sms: (d) => `Bursar: your bank asks you to confirm the ${money(d.amount, d.currency)} payment for ${d.itemTitle}: ${d.confirmUrl}`,
  },
  'payment-recovered': {
    subject: (d) => `Payment received for ${d.itemTitle}: you're all set`,
    render: (d) => createElement(PaymentRecoveredEmail, d),
    sms: (d) => `Bursar: your ${money(d.amount, d.currency)} payment for ${d.itemTitle} went through. You're all set. Receipt: ${d.receiptUrl}`,
  },
  'subscription-ended': {
    subject: (d) => `Your ${d.planName} subscription has ended`,
    render: (d) => createElement(SubscriptionEndedEmail, d),
    sms: (d) =>
      `Bursar: your ${d.planName} subscription ended${d.reason === 'payment_failed' ? ' because the renewal could not be paid' : ''}. Subscribe again: ${d.resubscribeUrl}`,
  },
  'trial-ending': {
    subject: (d) => `Your ${d.planName} trial ends on ${day(d.trialEndsAt)}`,
    render: (d) => createElement(TrialEndingEmail, d),
    sms: (d) => `Bursar: your ${d.planName} trial ends on ${day(d.trialEndsAt)}; then ${money(d.amount, d.currency)} is charged. Manage: ${d.manageUrl}`,
  },
  'renewal-reminder': {
    subject: (d) => `${d.planName} renews on ${day(d.renewsAt)} for ${money(d.amount, d.currency)}`,
    render: (d) => createElement(RenewalReminderEmail, d),
    sms: (d) => `Bursar: ${d.planName} renews on ${day(d.renewsAt)} for ${money(d.amount, d.currency)}. Manage: ${d.manageUrl}`,
  },
  'card-expiring': {
    subject: (d) => `Your card expires before ${d.planName} renews on ${day(d.renewsAt)}`,
    render: (d) => createElement(CardExpiringEmail, d),
    sms: (d) => `Bursar: your ${d.card} expires before ${d.planName} renews on ${day(d.renewsAt)}. Update it: ${d.updateUrl}`,
  },
  'admin-alert': {
    subject: (d) => `[Bursar] ${d.title}`,
    render: (d) => createElement(AdminAlertEmail, d),
    sms: (d) => `Bursar alert: ${d.title}${d.url ? ` ${d.url}` : ''}`,
  },
  'admin-alert-digest': {
    subject: (d) => `[Bursar] ${d.alerts.length} alert${d.alerts.length === 1 ? '' : 's'} (${day(`${d.day}T12:00:00.000Z`)})`,
    render: (d) => createElement(AdminAlertDigestEmail, d),
    sms: (d) => `Bursar: ${d.alerts.length} admin alert(s). ${d.dashboardUrl}`,
  },
  'bank-payment-processing': {
    subject: (d) => `Your bank payment for ${d.itemTitle} is processing`,
    render: (d) => createElement(BankPaymentProcessingEmail, d),
    sms: (d) => `Bursar: your bank payment of ${money(d.amount, d.currency)} for ${d.itemTitle} is processing. We'll confirm when it clears.`,
  },
  'bank-payment-failed': {
    subject: (d) => `Your bank payment for ${d.itemTitle} did not go through`,
    render: (d) => createElement(BankPaymentFailedEmail, d),
    sms: (d) => `Bursar: your bank payment for ${d.itemTitle} failed. Try again: ${d.retryUrl}`,
  },
};

export function isNotificationTemplate(name: string): name is NotificationTemplate {
  return Object.hasOwn(notificationTemplates, name);
}

export type RenderedNotification = { subject: string; react: ReactElement; sms: string };

/** Subject, email element and SMS line for one message; the generic keeps data tied to its template. */
export function renderNotification<T extends NotificationTemplate>(template: T, data: NotificationMessages[T]): RenderedNotification {
  const definition = notificationTemplates[template] as TemplateDefinition<T>;
  return { subject: definition.subject(data), react: definition.render(data), sms: definition.sms(data) };
}
