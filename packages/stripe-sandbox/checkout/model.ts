import type Stripe from 'stripe';
import type { Sandbox } from '../core/sandbox';
import type { Wire } from '../core/wire';

export type SessionObject = Wire<Stripe.Checkout.Session>;
export type LineItemObject = Wire<Stripe.LineItem>;

/** Line items live beside the session: Stripe only returns them when expanded or listed. */
export const SESSION_LINE_ITEMS = 'checkout_line_items';
/** Which session a PaymentIntent pays for, so payment events can move the session on. */
export const SESSION_BY_PAYMENT_INTENT = 'checkout_session_by_payment_intent';
/** Params kept for later modules (e.g. `subscription_data` for subscriptions). */
export const SESSION_EXTRAS = 'checkout_session_extras';

export interface SessionExtras {
  payment_intent_data?: { metadata?: Record<string, string> | null; description?: string | null; setup_future_usage?: 'off_session' | 'on_session' | null } | null;
  subscription_data?: {
    metadata?: Record<string, string> | null;
    trial_period_days?: number | null;
    trial_end?: number | null;
    trial_settings?: { end_behavior: { missing_payment_method: 'cancel' | 'create_invoice' | 'pause' } } | null;
    description?: string | null;
  } | null;
  setup_intent_data?: { metadata?: Record<string, string> | null; description?: string | null } | null;
  customer_update?: { address?: 'auto' | 'never' | null; name?: 'auto' | 'never' | null } | null;
  /** `payment_intent_data[…]` the SDK declares that Checkout does not implement (`shipping`, …): set on the PaymentIntent. */
  payment_intent_accepted?: Record<string, unknown> | null;
}

export function sessionLineItems(sandbox: Sandbox, sessionId: string): LineItemObject[] {
  return sandbox.store.internal<LineItemObject[]>(SESSION_LINE_ITEMS)[sessionId] ?? [];
}

export function sessionExtras(sandbox: Sandbox, sessionId: string): SessionExtras {
  return sandbox.store.internal<SessionExtras>(SESSION_EXTRAS)[sessionId] ?? {};
}

export function successRedirect(session: SessionObject): string | null {
  const url = session.success_url ?? session.return_url ?? null;
  return url ? url.replaceAll('{CHECKOUT_SESSION_ID}', session.id) : null;
}

/**
 * A subscription-mode session is completed by the subscriptions module, which registers
 * this hook. It receives the session and the buyer's PaymentMethod (already attached to the
 * session's customer) and must create the subscription and complete the session.
 */
export type SubscriptionCheckoutHook = (args: {
  session: SessionObject;
  /** Null when a trial needs no card (`payment_method_collection: 'if_required'`). */
  paymentMethodId: string | null;
  customerId: string;
}) => { redirect: string } | { error: string };
export const SUBSCRIPTION_CHECKOUT_HOOK = 'checkout.subscription';

/**
 * `payment_method_collection: 'if_required'` on a subscription with a trial: nothing is due
 * today, so the page asks for no payment details and the subscription starts without a card.
 */
export function collectsNoPaymentMethod(sandbox: Sandbox, session: SessionObject): boolean {
  if (session.mode !== 'subscription' || session.payment_method_collection !== 'if_required') return false;
  const d = sessionExtras(sandbox, session.id).subscription_data;
  return Boolean(d?.trial_period_days || d?.trial_end);
}
