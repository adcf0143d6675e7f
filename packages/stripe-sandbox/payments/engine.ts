import { changedAttributes } from '../core/events';
import { StripeApiError, invalidRequest } from '../core/errors';
import { ids } from '../core/ids';
import { clone, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import { paymentBehaviour, type PaymentMethodObject } from '../resources/payment-methods';
import { authorizeCharge, releaseAuthorization } from './capture';
import { buildCharge, failCharge, succeedCharge } from './charges';
import { mandateForPayment, type BrowserAcceptance, type MandateData } from './mandates';
import type { ChargeObject, PaymentIntentObject } from './objects';

export { DISPUTE_INTENTS, type DisputeIntent } from './charges';
import { DECLINES } from './test-cards';

export interface CreatePaymentIntentArgs {
  amount: number;
  currency: string;
  customer?: string | null;
  description?: string | null;
  metadata?: Record<string, string> | null;
  payment_method_types?: string[] | null;
  receipt_email?: string | null;
  statement_descriptor?: string | null;
  setup_future_usage?: 'off_session' | 'on_session' | null;
  payment_method?: string | null;
  capture_method?: 'automatic' | 'automatic_async' | 'manual' | null;
  shipping?: PaymentIntentObject['shipping'];
  allowed_payment_method_types?: string[] | null;
  automatic_payment_methods?: { enabled: boolean; allow_redirects: 'always' | 'never' } | null;
  /** Parameters the SDK declares that were accepted without effect (e.g. Checkout's `payment_intent_data[shipping]`): set where the PaymentIntent has the field. */
  extra?: Record<string, unknown> | null;
}

/** Stripe's `shipping` hash with every field present (null when not sent). */
export function shippingFromParams(v: unknown): PaymentIntentObject['shipping'] {
  if (!v || typeof v !== 'object') return null;
  const p = v as { address?: Record<string, string | null>; name?: string; carrier?: string; phone?: string; tracking_number?: string };
  const a = p.address ?? {};
  const field = (k: string) => a[k] ?? null;
  return {
    address: { city: field('city'), country: field('country'), line1: field('line1'), line2: field('line2'), postal_code: field('postal_code'), state: field('state') },
    carrier: p.carrier ?? null,
    name: p.name ?? '',
    phone: p.phone ?? null,
    tracking_number: p.tracking_number ?? null,
  };
}

export function createPaymentIntent(sandbox: Sandbox, a: CreatePaymentIntentArgs): PaymentIntentObject {
  const id = ids.paymentIntent();
  const types = a.payment_method_types ?? ['card'];
  const pi = {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: (a.allowed_payment_method_types === undefined ? types : a.allowed_payment_method_types) as PaymentIntentObject['allowed_payment_method_types'],
    amount: a.amount,
    amount_capturable: 0,
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: a.automatic_payment_methods ?? null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: a.capture_method ?? 'automatic_async',
    client_secret: ids.clientSecret(id),
    confirmation_method: 'automatic',
    created: sandbox.clock.now(),
    currency: a.currency,
    customer: a.customer ?? null,
    customer_account: null,
    description: a.description ?? null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: a.metadata ?? {},
    next_action: null,
    on_behalf_of: null,
    payment_method: a.payment_method ?? null,
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: types,
    payment_record: null,
    processing: null,
    receipt_email: a.receipt_email ?? null,
    review: null,
    setup_future_usage: a.setup_future_usage ?? null,
    shipping: a.shipping ?? null,
    source: null,
    statement_descriptor: a.statement_descriptor ?? null,
    statement_descriptor_suffix: null,
    status: a.payment_method ? 'requires_confirmation' : 'requires_payment_method',
    transfer_data: null,
    transfer_group: null,
  } satisfies PaymentIntentObject;
  for (const [key, value] of Object.entries(a.extra ?? {})) {
    if (key === 'shipping') pi.shipping = shippingFromParams(value);
    else if (Object.hasOwn(pi, key) && key !== 'id' && key !== 'object') (pi as Record<string, unknown>)[key] = value;
  }
  save(sandbox, pi);
  sandbox.events.emit('payment_intent.created', pi);
  return pi;
}

export interface ConfirmResult {
  paymentIntent: PaymentIntentObject;
  /** Set when the payment was declined: the 402 the API answers with. */
  error: StripeApiError | null;
}

const CONFIRMABLE = new Set(['requires_payment_method', 'requires_confirmation', 'requires_action']);

/**
 * Confirms a PaymentIntent with a PaymentMethod and plays out the test card's outcome:
 * success, decline, 3-D Secure (requires_action until the challenge page answers), or a bank
 * debit that stays `processing` until settled through the control API.
 */
export function confirmPaymentIntent(
  sandbox: Sandbox,
  pi: PaymentIntentObject,
  pm: PaymentMethodObject,
  opts: {
    returnUrl?: string | null;
    authenticated?: boolean;
    offSession?: boolean;
    /** SEPA Direct Debit: `mandate`, `mandate_data`, or the hosted page's buyer (see `mandates.ts`). */
    mandate?: { id?: string | null; data?: MandateData | null; browser?: BrowserAcceptance | null };
  } = {},
): ConfirmResult {
  if (!CONFIRMABLE.has(pi.status)) {
    throw invalidRequest(
      `This PaymentIntent's status is ${pi.status}, so it cannot be confirmed. You can only confirm a PaymentIntent with status requires_payment_method, requires_confirmation or requires_action.`,
      { code: 'payment_intent_unexpected_state' },
    );
  }
  if (!pi.payment_method_types.includes(pm.type)) {
    throw invalidRequest(
      `The PaymentMethod provided (${pm.type}) is not allowed for this PaymentIntent. Allowed: ${pi.payment_method_types.join(', ')}.`,
      { code: 'payment_intent_incompatible_payment_method', param: 'payment_method' },
    );
  }
  const behaviour = paymentBehaviour(sandbox, pm.id);
  if (!behaviour) throw invalidRequest(`PaymentMethod ${pm.id} cannot be charged in the sandbox.`, { param: 'payment_method' });
  if (pi.capture_method === 'manual' && behaviour.kind !== 'card') {
    throw invalidRequest(`capture_method=manual is not supported for ${pm.type} payments; only cards can be authorized and captured later.`, {
      code: 'payment_intent_invalid_parameter',
      param: 'capture_method',
    });
  }
  const mandate =
    pm.type === 'sepa_debit' ? mandateForPayment(sandbox, pi, pm, { mandate: opts.mandate?.id, data: opts.mandate?.data, browser: opts.mandate?.browser }) : null;
  pi.payment_method = pm.id;

  const exempt = opts.offSession === true && behaviour.kind === 'card' && behaviour.offSessionSkipsAuthentication === true;
  if (behaviour.kind === 'card' && behaviour.outcome === 'three_ds' && !opts.authenticated && !exempt) {
    const before = clone(pi);
    Object.assign(pi, {
      status: 'requires_action',
      next_action: {
        type: 'redirect_to_url',
        redirect_to_url: {
          url: `${sandbox.config.publicUrl}/c/3ds/${pi.id}`,
          return_url: opts.returnUrl ?? null,
        },
      },
    });
    sandbox.store.setInternal('three_ds_return', pi.id, opts.returnUrl ?? null);
    save(sandbox, pi);
    sandbox.events.emit('payment_intent.requires_action', pi, changedAttributes(before, pi));
    return { paymentIntent: pi, error: null };
  }

  const charge = buildCharge(sandbox, pi, pm, behaviour);
  if (mandate && charge.payment_method_details?.sepa_debit) charge.payment_method_details.sepa_debit.mandate = mandate.id;
  if (behaviour.kind !== 'card') {
    save(sandbox, charge);
    sandbox.events.emit('charge.pending', charge);
    const before = clone(pi);
    Object.assign(pi, { status: 'processing', latest_charge: charge.id, last_payment_error: null, next_action: null });
    save(sandbox, pi);
    sandbox.events.emit('payment_intent.processing', pi, changedAttributes(before, pi));
    return { paymentIntent: pi, error: null };
  }

  // Radar blocks the highest risk level (the account's default rules); a 3-D Secure card
  // may still be declined once authenticated (3178, 1629).
  const decline =
    behaviour.outcome === 'decline'
      ? (behaviour.decline ?? DECLINES.generic)
      : behaviour.chargesFail
        ? DECLINES.generic
        : behaviour.risk === 'highest'
          ? DECLINES.fraudulent
          : behaviour.outcome === 'three_ds' && behaviour.decline
            ? behaviour.decline
            : null;
  if (decline) {
    const error = failCharge(sandbox, pi, charge, pm, decline);
    return { paymentIntent: pi, error };
  }
  if (behaviour.outcome === 'three_ds' && !exempt && charge.payment_method_details?.card) {
    charge.payment_method_details.card.three_d_secure = {
      authentication_flow: 'challenge',
      electronic_commerce_indicator: '05',
      exemption_indicator: null,
      result: 'authenticated',
      result_reason: null,
      transaction_id: null,
      version: '2.2.0',
    };
  }
  if (pi.capture_method === 'manual') authorizeCharge(sandbox, pi, charge);
  else succeedCharge(sandbox, pi, charge, 'card');
  return { paymentIntent: pi, error: null };
}

/** The 3-D Secure challenge page's answer for a PaymentIntent in `requires_action`. */
export function completeAuthentication(sandbox: Sandbox, pi: PaymentIntentObject, success: boolean): ConfirmResult {
  if (pi.status !== 'requires_action' || !pi.payment_method) {
    throw invalidRequest(`This PaymentIntent is not awaiting authentication (status ${pi.status}).`, {
      code: 'payment_intent_unexpected_state',
    });
  }
  const pmId = typeof pi.payment_method === 'string' ? pi.payment_method : pi.payment_method.id;
  const pm = sandbox.store.get<PaymentMethodObject>('payment_method', pmId);
  if (!pm) throw invalidRequest('PaymentMethod missing.');
  if (success) return confirmPaymentIntent(sandbox, pi, pm, { authenticated: true });
  const before = clone(pi);
  const d = DECLINES.authenticationFailed;
  Object.assign(pi, {
    status: 'requires_payment_method',
    next_action: null,
    payment_method: null,
    last_payment_error: {
      code: d.code,
      doc_url: 'https://stripe.com/docs/error-codes/payment-intent-authentication-failure',
      message: d.message,
      payment_method: clone(pm),
      type: 'invalid_request_error' as const,
    },
  });
  save(sandbox, pi);
  sandbox.events.emit('payment_intent.payment_failed', pi, changedAttributes(before, pi));
  return {
    paymentIntent: pi,
    error: invalidRequest(d.message, { code: d.code }),
  };
}

/** Settles a bank debit that is `processing`: it succeeds, or fails with the test account's reason. */
export function settleBankPayment(sandbox: Sandbox, pi: PaymentIntentObject, outcome?: 'succeed' | 'fail'): PaymentIntentObject {
  if (pi.status !== 'processing' || typeof pi.latest_charge !== 'string') {
    throw invalidRequest(`PaymentIntent ${pi.id} is not processing (status ${pi.status}).`, {
      code: 'payment_intent_unexpected_state',
    });
  }
  const charge = sandbox.store.get<ChargeObject>('charge', pi.latest_charge);
  const pmId = typeof pi.payment_method === 'string' ? pi.payment_method : (pi.payment_method?.id ?? '');
  const pm = sandbox.store.get<PaymentMethodObject>('payment_method', pmId);
  const behaviour = paymentBehaviour(sandbox, pmId);
  if (!charge || !pm || !behaviour || behaviour.kind === 'card') {
    throw invalidRequest(`PaymentIntent ${pi.id} is not a bank debit.`);
  }
  const result = outcome ?? behaviour.settles;
  if (result === 'succeed') succeedCharge(sandbox, pi, charge, behaviour.kind);
  else failCharge(sandbox, pi, charge, pm, behaviour.failure ?? { code: 'payment_method_provider_decline', declineCode: 'generic_decline', message: 'The payment was declined by the bank.' });
  return pi;
}

const CANCELABLE = new Set(['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action']);

export function cancelPaymentIntent(
  sandbox: Sandbox,
  pi: PaymentIntentObject,
  reason: PaymentIntentObject['cancellation_reason'] = null,
): PaymentIntentObject {
  if (!CANCELABLE.has(pi.status)) {
    throw invalidRequest(
      `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action.`,
      { code: 'payment_intent_unexpected_state' },
    );
  }
  const before = clone(pi);
  if (pi.status === 'requires_capture') releaseAuthorization(sandbox, pi);
  Object.assign(pi, { status: 'canceled', canceled_at: sandbox.clock.now(), cancellation_reason: reason, next_action: null });
  save(sandbox, pi);
  sandbox.events.emit('payment_intent.canceled', pi, changedAttributes(before, pi));
  return pi;
}
