import { changedAttributes } from '../core/events';
import { invalidRequest } from '../core/errors';
import { clone, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import { paymentBehaviour } from '../resources/payment-methods';
import { recordBalanceTransaction } from './balance';
import { announceImmediateFunds } from './balance-events';
import { afterChargeSucceeded, approvedOutcome } from './charges';
import type { ChargeObject, PaymentIntentObject } from './objects';

/**
 * Manual capture (`capture_method: manual`): confirming authorizes the card (the charge is
 * `succeeded` with `captured: false`, the PaymentIntent `requires_capture`), `/capture` takes
 * all or part of it (the rest is released), `/cancel` releases it all, and an authorization
 * left uncaptured for 7 days of sandbox time is released and the PaymentIntent canceled
 * (Stripe's online card authorization window).
 */
export const AUTHORIZATIONS = 'authorizations';
export const AUTHORIZATION_WINDOW_S = 7 * 24 * 60 * 60;

export function authorizeCharge(sandbox: Sandbox, pi: PaymentIntentObject, charge: ChargeObject): void {
  const b = paymentBehaviour(sandbox, charge.payment_method ?? '');
  Object.assign(charge, {
    status: 'succeeded',
    paid: true,
    captured: false,
    amount_captured: 0,
    balance_transaction: null,
    outcome: approvedOutcome(b?.kind === 'card' && b.risk === 'elevated' ? 'elevated' : 'normal'),
  });
  if (charge.payment_method_details?.card) {
    const card = charge.payment_method_details.card;
    card.amount_authorized = charge.amount;
    card.capture_before = sandbox.clock.now() + AUTHORIZATION_WINDOW_S;
  }
  save(sandbox, charge);
  sandbox.events.emit('charge.succeeded', charge);
  const before = clone(pi);
  Object.assign(pi, {
    status: 'requires_capture',
    amount_capturable: pi.amount,
    latest_charge: charge.id,
    last_payment_error: null,
    next_action: null,
    processing: null,
  });
  save(sandbox, pi);
  sandbox.store.setInternal(AUTHORIZATIONS, pi.id, sandbox.clock.now() + AUTHORIZATION_WINDOW_S);
  sandbox.events.emit('payment_intent.amount_capturable_updated', pi, changedAttributes(before, pi));
}

function authorizedCharge(sandbox: Sandbox, pi: PaymentIntentObject): ChargeObject {
  const charge = typeof pi.latest_charge === 'string' ? sandbox.store.get<ChargeObject>('charge', pi.latest_charge) : undefined;
  if (!charge) throw invalidRequest(`PaymentIntent ${pi.id} has no authorized charge.`, { code: 'payment_intent_unexpected_state' });
  return charge;
}

export function capturePaymentIntent(
  sandbox: Sandbox,
  pi: PaymentIntentObject,
  opts: { amountToCapture?: number | null; metadata?: Record<string, string> | null },
): PaymentIntentObject {
  if (pi.status !== 'requires_capture') {
    throw invalidRequest(
      `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
      { code: 'payment_intent_unexpected_state' },
    );
  }
  const amount = opts.amountToCapture ?? pi.amount_capturable;
  if (amount > pi.amount_capturable) {
    throw invalidRequest(
      `The amount to capture (${amount}) is greater than the amount capturable on this PaymentIntent (${pi.amount_capturable}).`,
      { code: 'amount_too_large', param: 'amount_to_capture' },
    );
  }
  const charge = authorizedCharge(sandbox, pi);
  const b = paymentBehaviour(sandbox, charge.payment_method ?? '');
  const txn = recordBalanceTransaction(sandbox, {
    ...(b?.kind === 'card' && b.bypassPending ? { availableOn: sandbox.clock.now() } : {}),
    type: 'charge',
    amount,
    currency: charge.currency,
    source: charge.id,
    method: 'card',
    description: charge.description,
  });
  const chargeBefore = clone(charge);
  // The part not captured is released: Stripe shows it as refunded on the charge.
  Object.assign(charge, {
    captured: true,
    amount_captured: amount,
    amount_refunded: charge.amount - amount,
    balance_transaction: txn.id,
  });
  save(sandbox, charge);
  sandbox.events.emit('charge.captured', charge, changedAttributes(chargeBefore, charge));
  const before = clone(pi);
  Object.assign(pi, { status: 'succeeded', amount_capturable: 0, amount_received: amount });
  if (opts.metadata !== undefined) pi.metadata = { ...pi.metadata, ...(opts.metadata ?? {}) };
  save(sandbox, pi);
  delete sandbox.store.internal(AUTHORIZATIONS)[pi.id];
  sandbox.events.emit('payment_intent.succeeded', pi, changedAttributes(before, pi));
  if (b?.kind === 'card' && b.bypassPending) announceImmediateFunds(sandbox);
  afterChargeSucceeded(sandbox, charge);
  return pi;
}

/** Releases an uncaptured authorization (cancel, or the window passing): the charge is refunded in full. */
export function releaseAuthorization(sandbox: Sandbox, pi: PaymentIntentObject): void {
  const charge = authorizedCharge(sandbox, pi);
  const before = clone(charge);
  Object.assign(charge, { amount_refunded: charge.amount, refunded: true });
  save(sandbox, charge);
  sandbox.events.emit('charge.refunded', charge, changedAttributes(before, charge));
  pi.amount_capturable = 0;
  delete sandbox.store.internal(AUTHORIZATIONS)[pi.id];
}

/** Cancels PaymentIntents whose authorization window has passed (`cancellation_reason: 'automatic'`). */
export function expireAuthorizations(sandbox: Sandbox, now: number): void {
  const pending = sandbox.store.internal<number>(AUTHORIZATIONS);
  for (const [id, expiresAt] of Object.entries(pending)) {
    if (expiresAt > now) continue;
    const pi = sandbox.store.get<PaymentIntentObject>('payment_intent', id);
    if (!pi || pi.status !== 'requires_capture') {
      delete pending[id];
      continue;
    }
    const before = clone(pi);
    releaseAuthorization(sandbox, pi);
    Object.assign(pi, { status: 'canceled', canceled_at: now, cancellation_reason: 'automatic' });
    save(sandbox, pi);
    sandbox.events.emit('payment_intent.canceled', pi, changedAttributes(before, pi));
  }
}
