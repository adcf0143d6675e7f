import type Stripe from 'stripe';
import { stripeCall } from './client';

// Customers, their payment methods and the Customer Portal.

export function createCustomer(params: { email: string; name: string | null; userId: string }, idempotencyKey: string): Promise<Stripe.Customer> {
  return stripeCall('customer.create', (stripe) =>
    stripe.customers.create({ email: params.email, name: params.name ?? undefined, metadata: { user_id: params.userId } }, { idempotencyKey }),
  );
}

/** A customer as Stripe has it now; a deleted one comes back as `{ deleted: true }`. */
export function retrieveCustomer(id: string): Promise<Stripe.Customer | Stripe.DeletedCustomer> {
  return stripeCall('customer.retrieve', (stripe) => stripe.customers.retrieve(id));
}

export function retrievePaymentMethod(id: string): Promise<Stripe.PaymentMethod> {
  return stripeCall('payment_method.retrieve', (stripe) => stripe.paymentMethods.retrieve(id));
}

export function createPortalSession(params: { customerId: string; returnUrl: string }, idempotencyKey: string, options: Stripe.RequestOptions = {}): Promise<Stripe.BillingPortal.Session> {
  return stripeCall('billing_portal.create', (stripe) =>
    stripe.billingPortal.sessions.create({ customer: params.customerId, return_url: params.returnUrl }, { ...options, idempotencyKey }),
  );
}
