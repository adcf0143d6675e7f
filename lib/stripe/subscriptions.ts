import type Stripe from 'stripe';
import { stripeCall } from './client';

// Subscriptions and their invoices.

/**
 * Shorter than the client's default for calls a learner waits on. A timeout is retried once
 * by the SDK with the same idempotency key, so a request Stripe did apply is replayed.
 */
export const INTERACTIVE: Stripe.RequestOptions = { timeout: 5_000, maxNetworkRetries: 1 };

export function retrieveSubscription(id: string, options: Stripe.RequestOptions = {}): Promise<Stripe.Subscription> {
  return stripeCall('subscription.retrieve', (stripe) => stripe.subscriptions.retrieve(id, {}, options));
}

export type SubscriptionUpdate = { response: Stripe.Subscription; replayed: boolean };

/**
 * Any update of a subscription (cancel at period end, resume, switch price). `replayed` says
 * Stripe answered an idempotency key it had seen: nothing was changed by this call.
 */
export async function updateSubscription(id: string, params: Stripe.SubscriptionUpdateParams, idempotencyKey: string, options: Stripe.RequestOptions = INTERACTIVE): Promise<SubscriptionUpdate> {
  const response = await stripeCall('subscription.update', (stripe) => stripe.subscriptions.update(id, params, { ...options, idempotencyKey }));
  return { response, replayed: response.lastResponse?.headers?.['idempotent-replayed'] === 'true' };
}

/** Ends a subscription now (no proration credit: a duplicate's payment is refunded instead). */
export function cancelSubscriptionNow(id: string, idempotencyKey: string): Promise<Stripe.Subscription> {
  return stripeCall('subscription.cancel', (stripe) => stripe.subscriptions.cancel(id, { prorate: false }, { idempotencyKey }));
}

/**
 * An admin ends a subscription now. Stripe's default (no proration credit, no final invoice)
 * applies; the admin's reason travels as the cancellation comment.
 */
export function cancelSubscriptionForAdmin(id: string, comment: string, idempotencyKey: string): Promise<Stripe.Subscription> {
  return stripeCall('subscription.cancel', (stripe) => stripe.subscriptions.cancel(id, { cancellation_details: { comment: comment.slice(0, 500) } }, { ...INTERACTIVE, idempotencyKey }));
}

export function previewInvoice(params: Stripe.InvoiceCreatePreviewParams, idempotencyKey: string, options: Stripe.RequestOptions = INTERACTIVE): Promise<Stripe.Invoice> {
  return stripeCall('invoice.preview', (stripe) => stripe.invoices.createPreview(params, { ...options, idempotencyKey }));
}

/** A subscription with its discounts and their coupons (MRR is counted net of recurring discounts). */
export function retrieveSubscriptionForSync(id: string): Promise<Stripe.Subscription> {
  return stripeCall('subscription.retrieve', (stripe) => stripe.subscriptions.retrieve(id, { expand: ['discounts.source.coupon'] }));
}

/** An invoice with its payments (in this API version an invoice's PaymentIntent hangs off `payments`). */
export function retrieveInvoiceForSync(id: string): Promise<Stripe.Invoice> {
  return stripeCall('invoice.retrieve', (stripe) => stripe.invoices.retrieve(id, { expand: ['payments'] }));
}

/** A subscription's invoices, newest first, with their payments. */
export async function listSubscriptionInvoices(subscriptionId: string): Promise<Stripe.Invoice[]> {
  const page = await stripeCall('invoice.list', (stripe) => stripe.invoices.list({ subscription: subscriptionId, limit: 10, expand: ['data.payments'] }));
  return page.data;
}
