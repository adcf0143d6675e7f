import { changedAttributes, type StoredEvent } from '../core/events';
import { invalidRequest } from '../core/errors';
import { clone, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import { cancelPaymentIntent } from '../payments/engine';
import type { PaymentIntentObject } from '../payments/objects';
import { createPostPaymentInvoice } from './invoice-creation';
import { SESSION_BY_PAYMENT_INTENT, type SessionObject } from './model';

/** Expires an open session (API `expire`, or lazily once `expires_at` has passed). */
export function expireSession(sandbox: Sandbox, session: SessionObject): SessionObject {
  if (session.status !== 'open') {
    throw invalidRequest(
      `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
      { code: 'checkout_session_unexpected_state' },
    );
  }
  const before = clone(session);
  if (typeof session.payment_intent === 'string') {
    const pi = sandbox.store.get<PaymentIntentObject>('payment_intent', session.payment_intent);
    if (pi && pi.status !== 'canceled' && pi.status !== 'succeeded' && pi.status !== 'processing') {
      cancelPaymentIntent(sandbox, pi, 'abandoned');
    }
  }
  Object.assign(session, { status: 'expired', url: null });
  save(sandbox, session);
  sandbox.events.emit('checkout.session.expired', session, changedAttributes(before, session));
  return session;
}

/** Expires the session if its `expires_at` has passed; returns it either way. */
export function refreshExpiry(sandbox: Sandbox, session: SessionObject): SessionObject {
  if (session.status === 'open' && sandbox.clock.now() >= session.expires_at) expireSession(sandbox, session);
  return session;
}

/**
 * Moves a payment-mode session on when its PaymentIntent changes, in Stripe's order:
 * the PaymentIntent and Charge events first, then the session event.
 */
export const SESSION_BY_SETUP_INTENT = 'checkout_session_by_setup_intent';

export function followPaymentIntents(sandbox: Sandbox): void {
  // Setup mode: the session completes when its SetupIntent succeeds (3-D Secure may come first).
  sandbox.events.subscribe((event: StoredEvent) => {
    if (event.type !== 'setup_intent.succeeded') return;
    const si = event.data.object as { id: string };
    const sessionId = sandbox.store.internal<string>(SESSION_BY_SETUP_INTENT)[si.id];
    const session = sessionId ? sandbox.store.get<SessionObject>('checkout.session', sessionId) : undefined;
    if (!session || session.status !== 'open') return;
    const before = clone(session);
    Object.assign(session, { status: 'complete', url: null });
    save(sandbox, session);
    sandbox.events.emit('checkout.session.completed', session, changedAttributes(before, session));
  });
  sandbox.events.subscribe((event: StoredEvent) => {
    if (!event.type.startsWith('payment_intent.')) return;
    const pi = event.data.object as PaymentIntentObject;
    const sessionId = sandbox.store.internal<string>(SESSION_BY_PAYMENT_INTENT)[pi.id];
    const session = sessionId ? sandbox.store.get<SessionObject>('checkout.session', sessionId) : undefined;
    if (!session) return;
    if (event.type === 'payment_intent.succeeded') createPostPaymentInvoice(sandbox, session, pi);
    const before = clone(session);
    if (event.type === 'payment_intent.succeeded') {
      if (session.status === 'open') {
        Object.assign(session, { status: 'complete', payment_status: 'paid', url: null });
        save(sandbox, session);
        sandbox.events.emit('checkout.session.completed', session, changedAttributes(before, session));
      } else if (session.status === 'complete' && session.payment_status === 'unpaid') {
        session.payment_status = 'paid';
        save(sandbox, session);
        sandbox.events.emit('checkout.session.async_payment_succeeded', session, changedAttributes(before, session));
      }
    } else if (event.type === 'payment_intent.processing' && session.status === 'open') {
      // A bank debit: the buyer is done, the money is not. Completed, still unpaid.
      Object.assign(session, { status: 'complete', payment_status: 'unpaid', url: null });
      save(sandbox, session);
      sandbox.events.emit('checkout.session.completed', session, changedAttributes(before, session));
    } else if (event.type === 'payment_intent.payment_failed' && session.status === 'complete' && session.payment_status === 'unpaid') {
      sandbox.events.emit('checkout.session.async_payment_failed', session);
    }
  });
}
