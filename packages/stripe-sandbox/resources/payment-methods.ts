import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import { cardError, invalidRequest, resourceMissing } from '../core/errors';
import { ids } from '../core/ids';
import { paginate } from '../core/list';
import { clone, findOrThrow, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import type { Wire } from '../core/wire';
import {
  MAGIC_PAYMENT_METHODS,
  TEST_BANK_ACCOUNTS,
  TEST_ROUTING_NUMBER,
  lookupCard,
  magicToken,
  type CardBehaviour,
  type MagicPaymentMethod,
  type PaymentBehaviour,
} from '../payments/test-cards';
import { SEPA_TEST_PAYMENT_METHODS, TEST_IBANS, normalizeIban } from '../payments/sepa';

export type PaymentMethodObject = Wire<Stripe.PaymentMethod>;
type CustomerLike = { id: string; object: string; invoice_settings: { default_payment_method: string | null | object } };
export const PM_BEHAVIOUR = 'payment_method_behaviour';

export interface BillingInput {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
}

const fingerprint = (s: string) => createHash('sha256').update(s).digest('base64url').slice(0, 16);

function billingDetails(b: BillingInput | null | undefined): Wire<Stripe.PaymentMethod.BillingDetails> {
  return { address: null, email: b?.email ?? null, name: b?.name ?? null, phone: b?.phone ?? null, tax_id: null };
}

export function paymentBehaviour(sandbox: Sandbox, pmId: string): PaymentBehaviour | undefined {
  return sandbox.store.internal<PaymentBehaviour>(PM_BEHAVIOUR)[pmId];
}

/** Creates a card PaymentMethod from a (test) card number; bad numbers are a card_error. */
export function createCardPaymentMethod(
  sandbox: Sandbox,
  card: { number: string; exp_month: number; exp_year: number; cvc?: string | null },
  billing?: BillingInput | null,
  metadata?: Record<string, string> | null,
  /** A country-specific test PaymentMethod's differences from its card. */
  override: Omit<MagicPaymentMethod, 'number'> = {},
): PaymentMethodObject {
  const looked = lookupCard(card.number);
  if (!('kind' in looked)) {
    throw cardError({ code: looked.code, message: looked.message, param: 'card[number]' });
  }
  const behaviour: CardBehaviour = { ...looked, ...override };
  if (card.exp_month < 1 || card.exp_month > 12) {
    throw cardError({ code: 'invalid_expiry_month', message: "Your card's expiration month is invalid.", param: 'card[exp_month]' });
  }
  const now = new Date(sandbox.clock.now() * 1000);
  const expYear = card.exp_year < 100 ? 2000 + card.exp_year : card.exp_year;
  if (expYear < now.getUTCFullYear() || (expYear === now.getUTCFullYear() && card.exp_month < now.getUTCMonth() + 1)) {
    throw cardError({ code: 'invalid_expiry_year', message: "Your card's expiration year is invalid.", param: 'card[exp_year]' });
  }
  const pm = {
    id: ids.paymentMethod(),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: billingDetails(billing),
    card: {
      brand: behaviour.brand,
      checks: {
        address_line1_check: behaviour.checks?.line1 ?? null,
        address_postal_code_check: behaviour.checks?.postalCode ?? null,
        // Stripe checks a CVC only when one is given.
        cvc_check: card.cvc ? (behaviour.checks?.cvc ?? 'unchecked') : null,
      },
      country: behaviour.country,
      display_brand: behaviour.brand,
      exp_month: card.exp_month,
      exp_year: expYear,
      fingerprint: fingerprint(card.number),
      funding: behaviour.funding,
      generated_from: null,
      last4: behaviour.last4,
      networks: { available: [behaviour.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: sandbox.clock.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: metadata ?? {},
    type: 'card',
  } satisfies PaymentMethodObject;
  sandbox.store.setInternal(PM_BEHAVIOUR, pm.id, behaviour);
  return save(sandbox, pm);
}

/** A US bank account PaymentMethod from Stripe's test account numbers. */
export function createBankPaymentMethod(
  sandbox: Sandbox,
  account: { account_number: string; routing_number: string; account_holder_type?: 'individual' | 'company' | null },
  billing?: BillingInput | null,
): PaymentMethodObject {
  const behaviour = TEST_BANK_ACCOUNTS[account.account_number];
  if (!behaviour || account.routing_number !== TEST_ROUTING_NUMBER) {
    throw invalidRequest(
      `Use a test bank account: routing number ${TEST_ROUTING_NUMBER} with account 000123456789 (succeeds) or 000111111113 (fails).`,
      { code: 'invalid_bank_account', param: 'us_bank_account[account_number]' },
    );
  }
  const pm = {
    id: ids.paymentMethod(),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: billingDetails(billing),
    created: sandbox.clock.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: 'us_bank_account',
    us_bank_account: {
      account_holder_type: account.account_holder_type ?? 'individual',
      account_type: 'checking',
      bank_name: 'STRIPE TEST BANK',
      financial_connections_account: null,
      fingerprint: fingerprint(account.account_number),
      last4: behaviour.last4,
      networks: { preferred: 'ach', supported: ['ach'] },
      routing_number: account.routing_number,
      status_details: {},
    },
  } satisfies PaymentMethodObject;
  sandbox.store.setInternal(PM_BEHAVIOUR, pm.id, behaviour);
  return save(sandbox, pm);
}

/**
 * A SEPA Direct Debit PaymentMethod from Stripe's test IBANs. Like Stripe, it needs the
 * account holder's name and email (the mandate is in their name).
 */
export function createSepaPaymentMethod(
  sandbox: Sandbox,
  account: { iban: string },
  billing?: BillingInput | null,
  metadata?: Record<string, string> | null,
): PaymentMethodObject {
  const iban = normalizeIban(account.iban);
  const behaviour = TEST_IBANS[iban];
  if (!behaviour) {
    throw invalidRequest(
      `Use a test IBAN, e.g. AT611904300234573201 (succeeds), AT861904300235473202 (fails), AT591904300235473203 (succeeds, then disputed), DE89370400440532013000 (succeeds); the sandbox README lists them all.`,
      { code: 'invalid_bank_account', param: 'sepa_debit[iban]' },
    );
  }
  if (!billing?.name) {
    throw invalidRequest('Missing required param: billing_details[name]. SEPA Direct Debit needs the account holder’s name.', { code: 'parameter_missing', param: 'billing_details[name]' });
  }
  if (!billing.email) {
    throw invalidRequest('Missing required param: billing_details[email]. SEPA Direct Debit needs the account holder’s email.', { code: 'parameter_missing', param: 'billing_details[email]' });
  }
  const pm = {
    id: ids.paymentMethod(),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: billingDetails(billing),
    created: sandbox.clock.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: metadata ?? {},
    type: 'sepa_debit',
    sepa_debit: {
      bank_code: behaviour.bankCode,
      branch_code: null,
      country: behaviour.country,
      fingerprint: fingerprint(iban),
      generated_from: null,
      last4: behaviour.last4,
    },
  } satisfies PaymentMethodObject;
  sandbox.store.setInternal(PM_BEHAVIOUR, pm.id, behaviour);
  return save(sandbox, pm);
}

/**
 * Resolves a PaymentMethod id, turning Stripe's `pm_card_*` shortcuts into a fresh
 * PaymentMethod each time, as Stripe test mode does.
 */
export function resolvePaymentMethod(sandbox: Sandbox, id: string, param = 'payment_method'): PaymentMethodObject {
  const magic = MAGIC_PAYMENT_METHODS[id];
  if (magic) {
    const { number, ...override } = magic;
    return createCardPaymentMethod(sandbox, { number, exp_month: 12, exp_year: new Date().getUTCFullYear() + 5, cvc: '123' }, null, null, override);
  }
  const iban = SEPA_TEST_PAYMENT_METHODS[id];
  if (iban) return createSepaPaymentMethod(sandbox, { iban }, { name: 'Jenny Rosen', email: 'jenny.rosen@example.com' });
  const pm = sandbox.store.get<PaymentMethodObject>('payment_method', id);
  if (!pm) throw resourceMissing('PaymentMethod', id, param);
  return pm;
}

export function attachPaymentMethod(sandbox: Sandbox, pm: PaymentMethodObject, customerId: string): PaymentMethodObject {
  if (pm.customer === customerId) return pm;
  if (pm.customer) {
    throw invalidRequest('The payment method you provided has already been attached to a customer.', {
      code: 'payment_method_unexpected_state',
    });
  }
  const behaviour = paymentBehaviour(sandbox, pm.id);
  // Stripe's declined-payments cards cannot be attached; 0341 attaches and only its charges fail.
  if (behaviour?.kind === 'card' && behaviour.attachFails && behaviour.decline) {
    throw cardError({ code: behaviour.decline.code, declineCode: behaviour.decline.declineCode, message: behaviour.decline.message });
  }
  pm.customer = customerId;
  save(sandbox, pm);
  sandbox.events.emit('payment_method.attached', pm);
  return pm;
}

export function registerPaymentMethods(sandbox: Sandbox): void {
  const { router, store, events } = sandbox;
  const billingSpec = s.object({ name: s.string(), email: s.string(), phone: s.string() });

  router.post('/v1/payment_methods', ({ input }) => {
    const p = s.decodeShape(
      {
        type: s.required(s.oneOf(['card', 'us_bank_account', 'sepa_debit'] as const)),
        sepa_debit: s.object({ iban: s.required(s.string()) }),
        card: s.object({
          number: s.string(),
          exp_month: s.integer(),
          exp_year: s.integer(),
          cvc: s.string(),
          token: s.string(),
        }),
        us_bank_account: s.object({
          account_number: s.required(s.string()),
          routing_number: s.required(s.string()),
          account_holder_type: s.oneOf(['individual', 'company'] as const),
        }),
        billing_details: billingSpec,
        metadata: s.metadata(),
      },
      input,
    );
    if (p.type === 'card') {
      if (!p.card) throw invalidRequest('Missing required param: card.', { code: 'parameter_missing', param: 'card' });
      // `card[token]=tok_visa` and friends map onto the matching test card.
      const token = p.card.token ? magicToken(p.card.token) : undefined;
      if (p.card.token && !token) throw resourceMissing('token', p.card.token, 'card[token]');
      const { number, ...override } = token ?? { number: p.card.number };
      if (!number) throw invalidRequest('Missing required param: card[number].', { code: 'parameter_missing', param: 'card[number]' });
      return clone(
        createCardPaymentMethod(
          sandbox,
          { number, exp_month: p.card.exp_month ?? 12, exp_year: p.card.exp_year ?? new Date().getUTCFullYear() + 5, cvc: p.card.cvc ?? (token ? '123' : null) },
          p.billing_details,
          p.metadata,
          override,
        ),
      );
    }
    if (p.type === 'sepa_debit') {
      if (!p.sepa_debit) throw invalidRequest('Missing required param: sepa_debit.', { code: 'parameter_missing', param: 'sepa_debit' });
      return clone(createSepaPaymentMethod(sandbox, p.sepa_debit, p.billing_details, p.metadata));
    }
    if (!p.us_bank_account) {
      throw invalidRequest('Missing required param: us_bank_account.', { code: 'parameter_missing', param: 'us_bank_account' });
    }
    return clone(createBankPaymentMethod(sandbox, p.us_bank_account, p.billing_details));
  });

  router.get('/v1/payment_methods/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    return findOrThrow<PaymentMethodObject>(sandbox, 'payment_method', params.id ?? '');
  });

  router.post('/v1/payment_methods/:id/attach', ({ params, input }) => {
    const p = s.decodeShape({ customer: s.required(s.string()) }, input);
    const pm = resolvePaymentMethod(sandbox, params.id ?? '', 'payment_method');
    if (!store.get('customer', p.customer)) throw resourceMissing('customer', p.customer, 'customer');
    return clone(attachPaymentMethod(sandbox, pm, p.customer));
  });

  router.post('/v1/payment_methods/:id/detach', ({ params, input }) => {
    s.decodeShape({}, input);
    const pm = findOrThrow<PaymentMethodObject>(sandbox, 'payment_method', params.id ?? '');
    if (!pm.customer) {
      throw invalidRequest('The payment method you provided is not attached to a customer so detachment is impossible.', {
        code: 'payment_method_unexpected_state',
      });
    }
    const previous = pm.customer;
    pm.customer = null;
    save(sandbox, pm);
    events.emit('payment_method.detached', pm, { customer: previous });
    // A detached PaymentMethod stops being the customer's default.
    const owner = typeof previous === 'string' ? store.get<CustomerLike>('customer', previous) : undefined;
    if (owner && owner.invoice_settings.default_payment_method === pm.id) {
      const before = structuredClone(owner);
      owner.invoice_settings = { ...owner.invoice_settings, default_payment_method: null };
      save(sandbox, owner);
      events.emit('customer.updated', owner as never, { invoice_settings: before.invoice_settings } as never);
    }
    return clone(pm);
  });

  router.get('/v1/payment_methods', ({ input }) => {
    const p = s.decodeShape({ ...s.listParams, customer: s.string(), type: s.string() }, input);
    const items = store
      .all<PaymentMethodObject>('payment_method')
      .filter((pm) => p.customer == null || pm.customer === p.customer)
      .filter((pm) => p.type == null || pm.type === p.type);
    return paginate(items, p, '/v1/payment_methods', 'payment_method');
  });

  router.get('/v1/customers/:id/payment_methods', ({ params, input }) => {
    const p = s.decodeShape({ ...s.listParams, type: s.string() }, input);
    findOrThrow(sandbox, 'customer', params.id ?? '');
    const items = store
      .all<PaymentMethodObject>('payment_method')
      .filter((pm) => pm.customer === params.id)
      .filter((pm) => p.type == null || pm.type === p.type);
    return paginate(items, p, `/v1/customers/${params.id}/payment_methods`, 'payment_method');
  });
}
