import { env, stripeMode } from '@/lib/env';

export type DashboardObject = 'payment' | 'customer' | 'invoice' | 'subscription' | 'dispute' | 'refund' | 'event' | 'checkout_session';

const PATHS: Record<DashboardObject, string> = {
  payment: 'payments',
  customer: 'customers',
  invoice: 'invoices',
  subscription: 'subscriptions',
  dispute: 'disputes',
  refund: 'refunds',
  event: 'events',
  checkout_session: 'checkout/sessions',
};

/** Which dashboard the links go to: Stripe live, Stripe test mode, or the offline sandbox. */
export const stripeDashboardMode = stripeMode;

/**
 * The same object in Stripe's dashboard, in the mode of the configured key (test-mode objects
 * live under /test/). The offline sandbox has one dashboard page (no page per object), so
 * its links go there.
 */
export function stripeDashboardUrl(kind: DashboardObject, id: string): string {
  if (stripeMode === 'sandbox') return `http://${env.STRIPE_SANDBOX_HOST}:${env.STRIPE_SANDBOX_PORT}/_sandbox`;
  const base = stripeMode === 'live' ? 'https://dashboard.stripe.com' : 'https://dashboard.stripe.com/test';
  return `${base}/${PATHS[kind]}/${encodeURIComponent(id)}`;
}
