import type Stripe from 'stripe';
import { cardError, invalidRequest, resourceMissing, type StripeApiError } from '../core/errors';
import { changedAttributes } from '../core/events';
import { ids, newId } from '../core/ids';
import { inRange, paginate } from '../core/list';
import { clone, findOrThrow, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import type { Wire } from '../core/wire';
import { createMandate, mandateDataSpec, type BrowserAcceptance, type MandateData } from '../payments/mandates';
import { attachPaymentMethod, paymentBehaviour, resolvePaymentMethod, type PaymentMethodObject } from './payment-methods';

export type SetupIntentObject = Wire<Stripe.SetupIntent>;

const TYPES = ['card', 'us_bank_account', 'sepa_debit'] as const;

export function createSetupIntent(
  sandbox: Sandbox,
  a: {
    customer?: string | null;
    description?: string | null;
    metadata?: Record<string, string> | null;
    payment_method?: string | null;
    allowed_payment_method_types?: string[] | null;
    usage?: 'off_session' | 'on_session' | null;
  },
): SetupIntentObject {
  const id = newId('seti');
  const types = a.allowed_payment_method_types ?? ['card'];
  const si = {
    id,
    object: 'setup_intent',
    allowed_payment_method_types: types as SetupIntentObject['allowed_payment_method_types'],
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: null,
    client_secret: ids.clientSecret(id),
    created: sandbox.clock.now(),
    customer: a.customer ?? null,
    description: a.description ?? null,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: a.metadata ?? {},
    next_action: null,
    on_behalf_of: null,
    payment_method: a.payment_method ?? null,
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: types,
    single_use_mandate: null,
    status: a.payment_method ? 'requires_confirmation' : 'requires_payment_method',
    usage: a.usage ?? 'off_session',
  } satisfies SetupIntentObject;
  save(sandbox, si);
  sandbox.events.emit('setup_intent.created', si);
  return si;
}

const CONFIRMABLE = new Set(['requires_payment_method', 'requires_confirmation', 'requires_action']);

/**
 * Confirms a SetupIntent: the card's test behaviour decides. Declining cards fail the setup
 * (`setup_intent.setup_failed`, a 402 card_error); cards that ask for 3-D Secure on setup
 * (3155, 3184, 3220, 0446, 3178, 1629) go to `requires_action` and the challenge page; the
 * rest succeed and are attached to the customer (`payment_method.attached`).
 */
export function confirmSetupIntent(
  sandbox: Sandbox,
  si: SetupIntentObject,
  pm: PaymentMethodObject,
  opts: { returnUrl?: string | null; authenticated?: boolean; mandateData?: MandateData | null; browser?: BrowserAcceptance | null } = {},
): { setupIntent: SetupIntentObject; error: StripeApiError | null } {
  if (!CONFIRMABLE.has(si.status)) {
    throw invalidRequest(`This SetupIntent's status is ${si.status}, so it cannot be confirmed.`, { code: 'setup_intent_unexpected_state' });
  }
  if (!si.payment_method_types.includes(pm.type)) {
    throw invalidRequest(`The PaymentMethod provided (${pm.type}) is not allowed for this SetupIntent.`, {
      code: 'setup_intent_incompatible_payment_method',
      param: 'payment_method',
    });
  }
  // SEPA Direct Debit: saving the account needs the customer's mandate (a multi-use one).
  if (pm.type === 'sepa_debit' && !opts.mandateData && !opts.browser) {
    throw invalidRequest('Missing required param: mandate_data. A SetupIntent confirmed with a sepa_debit PaymentMethod needs the customer’s acceptance of the mandate.', {
      code: 'parameter_missing',
      param: 'mandate_data',
    });
  }
  const before = clone(si);
  si.payment_method = pm.id;
  const b = paymentBehaviour(sandbox, pm.id);
  const decline = b?.kind === 'card' && (b.attachFails || (b.outcome === 'decline' && b.decline)) ? b.decline : null;
  if (decline) {
    const error = cardError({ code: decline.code, declineCode: decline.declineCode, message: decline.message, paymentMethod: clone(pm) });
    Object.assign(si, {
      status: 'requires_payment_method',
      payment_method: null,
      last_setup_error: {
        code: decline.code,
        decline_code: decline.declineCode,
        doc_url: `https://stripe.com/docs/error-codes/${decline.code.replace(/_/g, '-')}`,
        message: decline.message,
        payment_method: clone(pm),
        type: 'card_error',
      },
    });
    save(sandbox, si);
    sandbox.events.emit('setup_intent.setup_failed', si, changedAttributes(before, si));
    return { setupIntent: si, error };
  }
  if (b?.kind === 'card' && b.outcome === 'three_ds' && !opts.authenticated) {
    Object.assign(si, {
      status: 'requires_action',
      next_action: { type: 'redirect_to_url', redirect_to_url: { url: `${sandbox.config.publicUrl}/c/3ds/${si.id}`, return_url: opts.returnUrl ?? null } },
    });
    sandbox.store.setInternal('three_ds_return', si.id, opts.returnUrl ?? null);
    save(sandbox, si);
    sandbox.events.emit('setup_intent.requires_action', si, changedAttributes(before, si));
    return { setupIntent: si, error: null };
  }
  if (typeof si.customer === 'string' && pm.customer !== si.customer) attachPaymentMethod(sandbox, pm, si.customer);
  if (pm.type === 'sepa_debit') si.mandate = createMandate(sandbox, { pm, data: opts.mandateData ?? null, browser: opts.browser ?? null }).id;
  Object.assign(si, { status: 'succeeded', next_action: null, last_setup_error: null, latest_attempt: newId('setatt') });
  save(sandbox, si);
  sandbox.events.emit('setup_intent.succeeded', si, changedAttributes(before, si));
  return { setupIntent: si, error: null };
}

/** The 3-D Secure page's answer for a SetupIntent. */
export function completeSetupAuthentication(sandbox: Sandbox, si: SetupIntentObject, success: boolean) {
  const pmId = typeof si.payment_method === 'string' ? si.payment_method : (si.payment_method?.id ?? '');
  const pm = sandbox.store.get<PaymentMethodObject>('payment_method', pmId);
  if (si.status !== 'requires_action' || !pm) {
    throw invalidRequest(`This SetupIntent is not awaiting authentication (status ${si.status}).`, { code: 'setup_intent_unexpected_state' });
  }
  if (success) return confirmSetupIntent(sandbox, si, pm, { authenticated: true });
  const before = clone(si);
  Object.assign(si, {
    status: 'requires_payment_method',
    next_action: null,
    payment_method: null,
    last_setup_error: {
      code: 'setup_intent_authentication_failure',
      message: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
      payment_method: clone(pm),
      type: 'invalid_request_error',
    },
  });
  save(sandbox, si);
  sandbox.events.emit('setup_intent.setup_failed', si, changedAttributes(before, si));
  return { setupIntent: si, error: null };
}

export function registerSetupIntents(sandbox: Sandbox): void {
  const { router, store } = sandbox;

  const confirmWith = (si: SetupIntentObject, pmId: string, returnUrl: string | null | undefined, mandateData?: MandateData | null) => {
    const pm = resolvePaymentMethod(sandbox, pmId);
    const { setupIntent, error } = confirmSetupIntent(sandbox, si, pm, { returnUrl: returnUrl ?? null, mandateData: mandateData ?? null });
    if (error) throw error;
    return clone(setupIntent);
  };

  router.post('/v1/setup_intents', ({ input }) => {
    const p = s.decodeShape(
      {
        customer: s.string(),
        description: s.string(),
        metadata: s.metadata(),
        payment_method: s.string(),
        allowed_payment_method_types: s.array(s.oneOf(TYPES)),
        usage: s.oneOf(['off_session', 'on_session'] as const),
        confirm: s.boolean(),
        return_url: s.string(),
        mandate_data: mandateDataSpec,
      },
      input,
    );
    if (p.customer && !store.get('customer', p.customer)) throw resourceMissing('customer', p.customer, 'customer');
    if (p.confirm && !p.payment_method) {
      throw invalidRequest('You must provide a payment_method to confirm this SetupIntent.', { param: 'payment_method', code: 'parameter_missing' });
    }
    if (p.mandate_data && !p.confirm) throw invalidRequest('The mandate_data parameter can only be used with confirm=true.', { param: 'mandate_data' });
    const pm = p.payment_method ? resolvePaymentMethod(sandbox, p.payment_method) : null;
    if (p.confirm && pm?.type === 'sepa_debit' && !p.mandate_data) {
      throw invalidRequest('Missing required param: mandate_data. A SetupIntent confirmed with a sepa_debit PaymentMethod needs the customer’s acceptance of the mandate.', {
        code: 'parameter_missing',
        param: 'mandate_data',
      });
    }
    const si = createSetupIntent(sandbox, { ...p, payment_method: pm?.id ?? null });
    if (p.confirm && pm) return confirmWith(si, pm.id, p.return_url, p.mandate_data);
    return clone(si);
  });

  router.get('/v1/setup_intents/:id', ({ params, input }) => {
    s.decodeShape({ client_secret: s.string() }, input);
    return findOrThrow<SetupIntentObject>(sandbox, 'setup_intent', params.id ?? '');
  });

  router.post('/v1/setup_intents/:id', ({ params, input }) => {
    const p = s.decodeShape({ customer: s.string(), description: s.string(), metadata: s.metadata(), payment_method: s.string() }, input);
    const si = findOrThrow<SetupIntentObject>(sandbox, 'setup_intent', params.id ?? '');
    if (p.customer !== undefined) si.customer = p.customer;
    if (p.description !== undefined) si.description = p.description;
    if (p.metadata !== undefined) si.metadata = s.mergeMetadata(si.metadata ?? {}, p.metadata);
    if (p.payment_method) {
      si.payment_method = resolvePaymentMethod(sandbox, p.payment_method).id;
      if (si.status === 'requires_payment_method') si.status = 'requires_confirmation';
    }
    save(sandbox, si);
    return clone(si);
  });

  router.post('/v1/setup_intents/:id/confirm', ({ params, input }) => {
    const p = s.decodeShape({ payment_method: s.string(), return_url: s.string(), mandate_data: mandateDataSpec }, input);
    const si = findOrThrow<SetupIntentObject>(sandbox, 'setup_intent', params.id ?? '');
    const pmId = p.payment_method ?? (typeof si.payment_method === 'string' ? si.payment_method : si.payment_method?.id);
    if (!pmId) throw invalidRequest('You must provide a payment_method to confirm this SetupIntent.', { param: 'payment_method', code: 'parameter_missing' });
    return confirmWith(si, pmId, p.return_url, p.mandate_data);
  });

  router.post('/v1/setup_intents/:id/cancel', ({ params, input }) => {
    const p = s.decodeShape({ cancellation_reason: s.oneOf(['abandoned', 'duplicate', 'requested_by_customer'] as const) }, input);
    const si = findOrThrow<SetupIntentObject>(sandbox, 'setup_intent', params.id ?? '');
    if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(si.status)) {
      throw invalidRequest(`You cannot cancel this SetupIntent because it has a status of ${si.status}.`, { code: 'setup_intent_unexpected_state' });
    }
    const before = clone(si);
    Object.assign(si, { status: 'canceled', cancellation_reason: p.cancellation_reason ?? null, next_action: null });
    save(sandbox, si);
    sandbox.events.emit('setup_intent.canceled', si, changedAttributes(before, si));
    return clone(si);
  });

  router.get('/v1/setup_intents', ({ input }) => {
    const p = s.decodeShape({ ...s.listParams, customer: s.string(), payment_method: s.string(), created: s.range() }, input);
    const items = store
      .all<SetupIntentObject>('setup_intent')
      .filter((si) => p.customer == null || si.customer === p.customer)
      .filter((si) => p.payment_method == null || si.payment_method === p.payment_method)
      .filter((si) => inRange(si.created, p.created));
    return paginate(items, p, '/v1/setup_intents', 'setup_intent');
  });
}
