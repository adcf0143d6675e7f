import { changedAttributes, type StoredEvent } from '../core/events';
import { clone, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import { attemptInvoicePayment } from '../billing/invoices';
import type { CouponObject, PromotionCodeObject, ResolvedDiscount } from '../billing/discounts';
import { sessionDiscount } from './discount';
import type { InvoiceObject, SubscriptionObject } from '../billing/model';
import { createSubscription, transition } from '../billing/subscriptions';
import {
  SUBSCRIPTION_CHECKOUT_HOOK,
  sessionExtras,
  sessionLineItems,
  successRedirect,
  type SessionObject,
  type SubscriptionCheckoutHook,
} from './model';

const SESSION_BY_SUBSCRIPTION = 'checkout_session_by_subscription';

/** The session's coupon (and code), handed on to the subscription it creates. */
function discountOfSession(sandbox: Sandbox, sessionId: string): ResolvedDiscount | null {
  const d = sessionDiscount(sandbox, sessionId);
  const couponId = d ? (typeof d.source.coupon === 'string' ? d.source.coupon : d.source.coupon?.id) : undefined;
  const coupon = couponId ? sandbox.store.get<CouponObject>('coupon', couponId) : undefined;
  if (!d || !coupon) return null;
  const promoId = typeof d.promotion_code === 'string' ? d.promotion_code : d.promotion_code?.id;
  const promotionCode = promoId ? (sandbox.store.get<PromotionCodeObject>('promotion_code', promoId) ?? null) : null;
  return { coupon, promotionCode };
}
/** Session id → the PaymentIntent of its latest attempt (subscription mode has none on the session). */
export const SESSION_LAST_PAYMENT_INTENT = 'checkout_session_last_payment_intent';

function completeSession(sandbox: Sandbox, session: SessionObject, paymentStatus: 'paid' | 'no_payment_required'): void {
  if (session.status !== 'open') return;
  const before = clone(session);
  Object.assign(session, { status: 'complete', payment_status: paymentStatus, url: null });
  save(sandbox, session);
  sandbox.events.emit('checkout.session.completed', session, changedAttributes(before, session));
}

/**
 * Subscription-mode Checkout: the subscription is created `default_incomplete` with the
 * buyer's card as its default, its first invoice is charged, and the session completes when
 * that invoice is paid (at once, or after 3-D Secure). A decline leaves the subscription
 * incomplete and the session open; the next attempt reuses both.
 */
export function registerSubscriptionCheckout(sandbox: Sandbox): void {
  const hook: SubscriptionCheckoutHook = ({ session, paymentMethodId, customerId }) => {
    const existingId = Object.entries(sandbox.store.internal<string>(SESSION_BY_SUBSCRIPTION)).find(([, s]) => s === session.id)?.[0];
    let sub = existingId ? sandbox.store.get<SubscriptionObject>('subscription', existingId) : undefined;
    let invoice: InvoiceObject | undefined;
    if (sub && sub.status === 'incomplete' && typeof sub.latest_invoice === 'string' && paymentMethodId) {
      transition(sandbox, sub, { default_payment_method: paymentMethodId });
      invoice = sandbox.store.get<InvoiceObject>('invoice', sub.latest_invoice);
    } else {
      const extras = sessionExtras(sandbox, session.id).subscription_data;
      const created = createSubscription(sandbox, {
        customer: customerId,
        items: sessionLineItems(sandbox, session.id).map((li) => ({ price: li.price?.id ?? '', quantity: li.quantity })),
        default_payment_method: paymentMethodId,
        metadata: extras?.metadata ?? null,
        description: extras?.description ?? null,
        trial_period_days: extras?.trial_period_days ?? null,
        trial_end: extras?.trial_end ?? null,
        missing_payment_method: extras?.trial_settings?.end_behavior.missing_payment_method ?? null,
        payment_behavior: 'default_incomplete',
        discount: discountOfSession(sandbox, session.id),
        automatic_tax: session.automatic_tax.enabled,
      });
      sub = created.sub;
      invoice = created.invoice;
      sandbox.store.setInternal(SESSION_BY_SUBSCRIPTION, sub.id, session.id);
      Object.assign(session, { subscription: sub.id, invoice: invoice.id });
      save(sandbox, session);
    }
    const done = successRedirect(session) ?? `/c/pay/${session.id}`;
    if (!invoice) return { error: 'The subscription has no invoice to pay.' };
    if (invoice.status === 'paid') {
      completeSession(sandbox, session, invoice.amount_paid > 0 ? 'paid' : 'no_payment_required');
      return { redirect: done };
    }
    if (!paymentMethodId) return { error: 'A payment method is required for this subscription.' };
    const { paymentIntent, error } = attemptInvoicePayment(sandbox, invoice, paymentMethodId, {
      automatic: false,
      returnUrl: `${sandbox.config.publicUrl}/c/pay/${session.id}`,
    });
    sandbox.store.setInternal(SESSION_LAST_PAYMENT_INTENT, session.id, paymentIntent.id);
    if (error) return { error: error.body.message };
    if (paymentIntent.status === 'requires_action' && paymentIntent.next_action?.redirect_to_url?.url) {
      return { redirect: paymentIntent.next_action.redirect_to_url.url };
    }
    return { redirect: done };
  };
  sandbox.hooks.set(SUBSCRIPTION_CHECKOUT_HOOK, hook);

  // The first invoice paid (possibly after a challenge) completes the session, last in the flow.
  sandbox.events.subscribe((event: StoredEvent) => {
    if (event.type !== 'invoice.payment_succeeded') return;
    const invoice = event.data.object as InvoiceObject;
    const subId = invoice.parent?.subscription_details?.subscription;
    const sessionId = typeof subId === 'string' ? sandbox.store.internal<string>(SESSION_BY_SUBSCRIPTION)[subId] : undefined;
    const session = sessionId ? sandbox.store.get<SessionObject>('checkout.session', sessionId) : undefined;
    if (session) completeSession(sandbox, session, 'paid');
  });
}
