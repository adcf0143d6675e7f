import type Stripe from 'stripe';
import type { Wire } from '../core/wire';

export type SubscriptionObject = Wire<Stripe.Subscription>;
export type SubscriptionItemObject = Wire<Stripe.SubscriptionItem>;
export type InvoiceObject = Wire<Stripe.Invoice>;
export type InvoiceLineObject = Wire<Stripe.InvoiceLineItem>;
export type InvoicePaymentObject = Wire<Stripe.InvoicePayment>;
export type TestClockObject = Wire<Stripe.TestHelpers.TestClock>;

/** PaymentIntent id → invoice id, so payment events move the invoice on. */
export const INVOICE_BY_PAYMENT_INTENT = 'invoice_by_payment_intent';
/** Invoice id → its invoice_payment objects (`invoice.payments` is includable). */
export const INVOICE_PAYMENTS = 'invoice_payments';
/** Invoice id → whether the running attempt is an automatic (scheduled) one. */
export const INVOICE_AUTOMATIC_ATTEMPT = 'invoice_automatic_attempt';
/** Subscription id → proration lines waiting for the next invoice. */
export const PENDING_PRORATIONS = 'subscription_pending_prorations';

/**
 * What happens after a renewal keeps failing: Stripe's "Manage failed payments" settings.
 * `retryDays[i]` is the wait after attempt i+1 before the next one (Smart-Retries-like:
 * 4 attempts over 15 days by default); after the last, the subscription is canceled,
 * marked `unpaid`, or left `past_due`.
 */
export interface DunningConfig {
  retryDays: number[];
  finalAction: 'cancel' | 'unpaid' | 'past_due';
}

export const DEFAULT_DUNNING: DunningConfig = { retryDays: [3, 5, 7], finalAction: 'cancel' };

export interface LineSpec {
  amount: number;
  description: string;
  periodStart: number;
  periodEnd: number;
  price: Wire<Stripe.Price> | null;
  quantity: number;
  subscriptionItem: string | null;
  proration: boolean;
}
