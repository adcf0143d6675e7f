import { invalidRequest, resourceMissing } from '../core/errors';
import { inRange, paginate } from '../core/list';
import { clone, findOrThrow, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import { capturePaymentIntent, expireAuthorizations } from '../payments/capture';
import { checkChargeAmount } from '../payments/minimums';
import { cancelPaymentIntent, confirmPaymentIntent, createPaymentIntent } from '../payments/engine';
import { checkMandate, mandateDataSpec, type MandateData } from '../payments/mandates';
import type { PaymentIntentObject } from '../payments/objects';
import { attachPaymentMethod, resolvePaymentMethod } from './payment-methods';

const PM_TYPES = ['card', 'us_bank_account', 'sepa_debit'] as const;
const CAPTURE_METHODS = ['automatic', 'automatic_async', 'manual'] as const;

/** `shipping[…]` on create, update and confirm; stored on the PaymentIntent (and its charges' receipts), no other effect. */
const shippingSpec = s.object({
  address: s.required(
    s.object({ city: s.string(), country: s.string(), line1: s.required(s.string()), line2: s.string(), postal_code: s.string(), state: s.string() }),
  ),
  name: s.required(s.string()),
  carrier: s.string(),
  phone: s.string(),
  tracking_number: s.string(),
});

type ShippingInput = NonNullable<s.Infer<{ x: typeof shippingSpec }>['x']>;
function shippingOf(p: ShippingInput | null | undefined): PaymentIntentObject['shipping'] {
  if (!p) return null;
  const a = p.address;
  return {
    address: { city: a.city ?? null, country: a.country ?? null, line1: a.line1, line2: a.line2 ?? null, postal_code: a.postal_code ?? null, state: a.state ?? null },
    carrier: p.carrier ?? null,
    name: p.name,
    phone: p.phone ?? null,
    tracking_number: p.tracking_number ?? null,
  };
}

/** `payment_method_types` is not a PaymentIntent parameter in this API version: say what replaced it. */
function refuseRenamedTypes(input: Record<string, unknown>): void {
  if ('payment_method_types' in input) {
    throw invalidRequest(
      'Received unknown parameter: payment_method_types. In API version 2026-10-28.endive PaymentIntents take allowed_payment_method_types (or automatic_payment_methods).',
      { code: 'parameter_unknown', param: 'payment_method_types' },
    );
  }
}

const CONFIRMABLE: string[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

export function registerPaymentIntents(sandbox: Sandbox): void {
  const { router, store } = sandbox;
  sandbox.onTime((now) => expireAuthorizations(sandbox, now));

  const confirmWith = (
    pi: PaymentIntentObject,
    pmId: string,
    returnUrl: string | null | undefined,
    saveToCustomer: boolean,
    offSession = false,
    mandate: { id?: string | null; data?: MandateData | null } = {},
  ) => {
    const pm = resolvePaymentMethod(sandbox, pmId);
    if (pm.type === 'sepa_debit') checkMandate(sandbox, pm.id, pi.setup_future_usage, { mandate: mandate.id, data: mandate.data });
    if (saveToCustomer && typeof pi.customer === 'string') attachPaymentMethod(sandbox, pm, pi.customer);
    const { paymentIntent, error } = confirmPaymentIntent(sandbox, pi, pm, { returnUrl: returnUrl ?? null, offSession, mandate });
    if (error) throw error;
    return clone(paymentIntent);
  };

  router.post('/v1/payment_intents', ({ input }) => {
    refuseRenamedTypes(input);
    const p = s.decodeShape(
      {
        amount: s.required(s.integer({ min: 1 })),
        currency: s.required(s.currency()),
        customer: s.string(),
        description: s.string(),
        metadata: s.metadata(),
        payment_method: s.string(),
        allowed_payment_method_types: s.array(s.oneOf(PM_TYPES)),
        receipt_email: s.string(),
        statement_descriptor: s.string({ max: 22 }),
        setup_future_usage: s.oneOf(['off_session', 'on_session'] as const),
        capture_method: s.oneOf(CAPTURE_METHODS),
        shipping: shippingSpec,
        confirm: s.boolean(),
        return_url: s.string(),
        off_session: s.boolean(),
        automatic_payment_methods: s.object({ enabled: s.required(s.boolean()), allow_redirects: s.oneOf(['always', 'never'] as const) }),
        mandate: s.string(),
        mandate_data: mandateDataSpec,
      },
      input,
    );
    if (p.customer && !store.get('customer', p.customer)) throw resourceMissing('customer', p.customer, 'customer');
    if ((p.mandate || p.mandate_data) && !p.confirm) {
      throw invalidRequest(`The ${p.mandate ? 'mandate' : 'mandate_data'} parameter can only be used with confirm=true.`, { param: p.mandate ? 'mandate' : 'mandate_data' });
    }
    checkChargeAmount(p.amount, p.currency);
    if (p.automatic_payment_methods?.enabled && p.allowed_payment_method_types) {
      throw invalidRequest('You may only specify one of these parameters: automatic_payment_methods, allowed_payment_method_types.', {
        param: 'automatic_payment_methods',
      });
    }
    if (p.confirm && !p.payment_method) {
      throw invalidRequest('You must provide a payment_method to confirm this PaymentIntent.', { param: 'payment_method', code: 'parameter_missing' });
    }
    const pm = p.payment_method ? resolvePaymentMethod(sandbox, p.payment_method) : null;
    if (p.confirm && pm?.type === 'sepa_debit') checkMandate(sandbox, pm.id, p.setup_future_usage, { mandate: p.mandate, data: p.mandate_data });
    // The sandbox account's dynamic methods: cards everywhere, ACH Direct Debit for USD, SEPA Direct Debit for EUR.
    const dynamic = p.automatic_payment_methods?.enabled ? (p.currency === 'usd' ? ['card', 'us_bank_account'] : p.currency === 'eur' ? ['card', 'sepa_debit'] : ['card']) : null;
    const pi = createPaymentIntent(sandbox, {
      ...p,
      payment_method: pm?.id ?? null,
      payment_method_types: p.allowed_payment_method_types ?? dynamic,
      allowed_payment_method_types: p.allowed_payment_method_types ?? null,
      shipping: shippingOf(p.shipping),
      automatic_payment_methods: p.automatic_payment_methods
        ? { enabled: p.automatic_payment_methods.enabled, allow_redirects: p.automatic_payment_methods.allow_redirects ?? 'always' }
        : null,
    });
    if (p.confirm && pm) {
      return confirmWith(pi, pm.id, p.return_url, p.setup_future_usage != null, p.off_session ?? false, { id: p.mandate, data: p.mandate_data });
    }
    return clone(pi);
  });

  router.get('/v1/payment_intents/:id', ({ params, input }) => {
    s.decodeShape({ client_secret: s.string() }, input);
    return findOrThrow<PaymentIntentObject>(sandbox, 'payment_intent', params.id ?? '');
  });

  router.post('/v1/payment_intents/:id', ({ params, input }) => {
    refuseRenamedTypes(input);
    const p = s.decodeShape(
      {
        allowed_payment_method_types: s.array(s.oneOf(PM_TYPES)),
        capture_method: s.oneOf(CAPTURE_METHODS),
        shipping: shippingSpec,
        amount: s.integer({ min: 1 }),
        currency: s.currency(),
        customer: s.string(),
        description: s.string(),
        metadata: s.metadata(),
        payment_method: s.string(),
        receipt_email: s.string(),
        statement_descriptor: s.string({ max: 22 }),
      },
      input,
    );
    const pi = findOrThrow<PaymentIntentObject>(sandbox, 'payment_intent', params.id ?? '');
    const amountLocked = !['requires_payment_method', 'requires_confirmation'].includes(pi.status);
    if (amountLocked && (p.amount != null || p.currency != null)) {
      throw invalidRequest(`You cannot update the amount of a PaymentIntent with status ${pi.status}.`, {
        code: 'payment_intent_unexpected_state',
        param: p.amount != null ? 'amount' : 'currency',
      });
    }
    if (p.amount != null || p.currency != null) checkChargeAmount(p.amount ?? pi.amount, p.currency ?? pi.currency);
    const unconfirmed = ['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(pi.status);
    if (!unconfirmed && (p.allowed_payment_method_types != null || p.capture_method != null)) {
      throw invalidRequest(`You cannot update ${p.capture_method != null ? 'capture_method' : 'allowed_payment_method_types'} on a PaymentIntent with status ${pi.status}.`, {
        code: 'payment_intent_unexpected_state',
        param: p.capture_method != null ? 'capture_method' : 'allowed_payment_method_types',
      });
    }
    if (p.allowed_payment_method_types != null) {
      pi.allowed_payment_method_types = p.allowed_payment_method_types;
      pi.payment_method_types = [...p.allowed_payment_method_types];
    }
    if (p.capture_method != null) pi.capture_method = p.capture_method;
    if (p.shipping !== undefined) pi.shipping = shippingOf(p.shipping);
    if (p.amount != null) pi.amount = p.amount;
    if (p.currency != null) pi.currency = p.currency;
    if (p.customer !== undefined) pi.customer = p.customer;
    if (p.description !== undefined) pi.description = p.description;
    if (p.receipt_email !== undefined) pi.receipt_email = p.receipt_email;
    if (p.statement_descriptor !== undefined) pi.statement_descriptor = p.statement_descriptor;
    if (p.payment_method) {
      pi.payment_method = resolvePaymentMethod(sandbox, p.payment_method).id;
      if (pi.status === 'requires_payment_method') pi.status = 'requires_confirmation';
    }
    pi.metadata = s.mergeMetadata(pi.metadata, p.metadata);
    // Stripe has no `payment_intent.updated` event: an update emits nothing.
    save(sandbox, pi);
    return clone(pi);
  });

  router.post('/v1/payment_intents/:id/confirm', ({ params, input }) => {
    refuseRenamedTypes(input);
    const p = s.decodeShape(
      {
        payment_method: s.string(),
        return_url: s.string(),
        off_session: s.boolean(),
        capture_method: s.oneOf(CAPTURE_METHODS),
        shipping: shippingSpec,
        receipt_email: s.string(),
        mandate: s.string(),
        mandate_data: mandateDataSpec,
      },
      input,
    );
    const pi = findOrThrow<PaymentIntentObject>(sandbox, 'payment_intent', params.id ?? '');
    if (p.capture_method != null && CONFIRMABLE.includes(pi.status)) pi.capture_method = p.capture_method;
    if (p.shipping !== undefined && CONFIRMABLE.includes(pi.status)) pi.shipping = shippingOf(p.shipping);
    if (p.receipt_email !== undefined && CONFIRMABLE.includes(pi.status)) pi.receipt_email = p.receipt_email;
    const pmId = p.payment_method ?? (typeof pi.payment_method === 'string' ? pi.payment_method : pi.payment_method?.id);
    if (!pmId) {
      throw invalidRequest(
        'You cannot confirm this PaymentIntent because it’s missing a payment method. To confirm the PaymentIntent with cus_, specify a payment method attached to this customer along with the customer ID.',
        { code: 'payment_intent_unexpected_state', param: 'payment_method' },
      );
    }
    return confirmWith(pi, pmId, p.return_url, pi.setup_future_usage != null, p.off_session ?? false, { id: p.mandate, data: p.mandate_data });
  });

  router.post('/v1/payment_intents/:id/capture', ({ params, input }) => {
    const p = s.decodeShape(
      {
        amount_to_capture: s.integer({ min: 1 }),
        metadata: s.metadata(),
        statement_descriptor: s.string({ max: 22 }),
        statement_descriptor_suffix: s.string({ max: 22 }),
      },
      input,
    );
    const pi = findOrThrow<PaymentIntentObject>(sandbox, 'payment_intent', params.id ?? '');
    if (p.statement_descriptor !== undefined) pi.statement_descriptor = p.statement_descriptor;
    if (p.statement_descriptor_suffix !== undefined) pi.statement_descriptor_suffix = p.statement_descriptor_suffix;
    return clone(capturePaymentIntent(sandbox, pi, { amountToCapture: p.amount_to_capture, metadata: p.metadata }));
  });

  router.post('/v1/payment_intents/:id/cancel', ({ params, input }) => {
    const p = s.decodeShape(
      { cancellation_reason: s.oneOf(['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] as const) },
      input,
    );
    const pi = findOrThrow<PaymentIntentObject>(sandbox, 'payment_intent', params.id ?? '');
    return clone(cancelPaymentIntent(sandbox, pi, p.cancellation_reason ?? null));
  });

  router.get('/v1/payment_intents', ({ input }) => {
    const p = s.decodeShape({ ...s.listParams, customer: s.string(), created: s.range() }, input);
    const items = store
      .all<PaymentIntentObject>('payment_intent')
      .filter((pi) => p.customer == null || pi.customer === p.customer)
      .filter((pi) => inRange(pi.created, p.created));
    return paginate(items, p, '/v1/payment_intents', 'payment_intent');
  });
}
