import { StripeApiError } from '../core/errors';
import { changedAttributes } from '../core/events';
import { save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import { cancelPaymentIntent, confirmPaymentIntent, createPaymentIntent } from '../payments/engine';
import { applySessionTax, sessionNeedsAddress, updateCustomerFromSession, type SessionAddress } from './tax';
import type { BrowserAcceptance } from '../payments/mandates';
import type { PaymentIntentObject } from '../payments/objects';
import { createCustomer } from '../resources/customers';
import { confirmSetupIntent, createSetupIntent } from '../resources/setup-intents';
import { SESSION_BY_SETUP_INTENT } from './lifecycle';
import {
  attachPaymentMethod,
  createBankPaymentMethod,
  createSepaPaymentMethod,
  createCardPaymentMethod,
  type PaymentMethodObject,
} from '../resources/payment-methods';
import {
  SESSION_BY_PAYMENT_INTENT,
  SUBSCRIPTION_CHECKOUT_HOOK,
  collectsNoPaymentMethod,
  sessionExtras,
  successRedirect,
  type SessionObject,
  type SubscriptionCheckoutHook,
} from './model';

export interface PaymentForm {
  email: string;
  name: string;
  method: 'card' | 'us_bank_account' | 'sepa_debit';
  /** SEPA Direct Debit. */
  iban: string;
  cardNumber: string;
  expiry: string;
  cvc: string;
  accountNumber: string;
  routingNumber: string;
  /** Billing address, asked for when automatic tax needs a location. */
  country: string;
  postalCode: string;
  /** Who submitted the page: a SEPA mandate records it as the online acceptance. */
  client?: BrowserAcceptance | null;
}

export type PayOutcome =
  | { kind: 'redirect'; url: string }
  | { kind: 'error'; message: string; field?: keyof PaymentForm };

/** Payment-complete page used when the session has no `success_url`. */
export const completePage = (sandbox: Sandbox, session: SessionObject) =>
  successRedirect(session) ?? `${sandbox.config.publicUrl}/c/pay/${session.id}`;

function parseExpiry(expiry: string): { month: number; year: number } | null {
  const m = /^\s*(\d{1,2})\s*\/?\s*(\d{2}|\d{4})\s*$/.exec(expiry);
  if (!m) return null;
  const month = Number(m[1]);
  const year = Number(m[2]);
  if (month < 1 || month > 12) return null;
  return { month, year: year < 100 ? 2000 + year : year };
}

/**
 * What happens when the buyer presses Pay on the hosted page: create the PaymentMethod,
 * find or create the session's PaymentIntent, confirm it, and say where the browser goes.
 * Declines come back as Stripe's own sentence, and the session stays open for a retry.
 */
export function submitPayment(sandbox: Sandbox, session: SessionObject, form: PaymentForm): PayOutcome {
  const email = form.email.trim() || session.customer_details?.email || '';
  if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    return { kind: 'error', message: 'Your email address is invalid.', field: 'email' };
  }
  let address: SessionAddress | null = null;
  if (sessionNeedsAddress(sandbox, session)) {
    const country = form.country.trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) return { kind: 'error', message: 'Select your country or region.', field: 'country' };
    address = { city: null, country, line1: null, line2: null, postal_code: form.postalCode.trim() || null, state: null };
    if (session.automatic_tax.enabled) applySessionTax(sandbox, session, country);
  }
  if (session.mode === 'payment' && (session.amount_total ?? 0) === 0) {
    // Fully discounted: nothing to charge, the session completes at once.
    const before = structuredClone(session);
    Object.assign(session, {
      status: 'complete',
      payment_status: 'no_payment_required',
      url: null,
      customer_details: { address, business_name: null, email, individual_name: null, name: form.name || null, phone: null, tax_exempt: 'none', tax_ids: [] },
    });
    save(sandbox, session);
    sandbox.events.emit('checkout.session.completed', session, changedAttributes(before, session));
    return { kind: 'redirect', url: completePage(sandbox, session) };
  }

  if (collectsNoPaymentMethod(sandbox, session)) {
    // A trial with `payment_method_collection: 'if_required'`: no payment details at all.
    const hook = sandbox.hooks.get(SUBSCRIPTION_CHECKOUT_HOOK) as SubscriptionCheckoutHook | undefined;
    if (!hook) return { kind: 'error', message: 'Subscription checkout is not implemented by this sandbox yet.' };
    session.customer_details = { address, business_name: null, email, individual_name: null, name: form.name || null, phone: null, tax_exempt: 'none', tax_ids: [] };
    if (!session.customer) session.customer = createCustomer(sandbox, { email, name: form.name || null, address }).id;
    else updateCustomerFromSession(sandbox, session, { address, name: form.name || null });
    save(sandbox, session);
    const customerId = typeof session.customer === 'string' ? session.customer : session.customer.id;
    try {
      const out = hook({ session, paymentMethodId: null, customerId });
      return 'redirect' in out ? { kind: 'redirect', url: out.redirect } : { kind: 'error', message: out.error };
    } catch (err) {
      if (err instanceof StripeApiError) return { kind: 'error', message: err.body.message };
      throw err;
    }
  }

  if (!session.payment_method_types.includes(form.method)) {
    return { kind: 'error', message: 'This payment method is not available for this purchase.' };
  }
  let pm: PaymentMethodObject;
  try {
    if (form.method === 'card') {
      const expiry = parseExpiry(form.expiry);
      if (!expiry) return { kind: 'error', message: "Your card's expiration date is incomplete.", field: 'expiry' };
      if (!/^\d{3,4}$/.test(form.cvc.trim())) {
        return { kind: 'error', message: "Your card's security code is incomplete.", field: 'cvc' };
      }
      pm = createCardPaymentMethod(
        sandbox,
        { number: form.cardNumber, exp_month: expiry.month, exp_year: expiry.year, cvc: form.cvc },
        { name: form.name || null, email },
      );
    } else if (form.method === 'sepa_debit') {
      if (!form.name.trim()) return { kind: 'error', message: 'Enter the account holder’s full name.', field: 'name' };
      pm = createSepaPaymentMethod(sandbox, { iban: form.iban }, { name: form.name.trim(), email });
    } else {
      pm = createBankPaymentMethod(
        sandbox,
        { account_number: form.accountNumber.trim(), routing_number: form.routingNumber.trim() },
        { name: form.name || null, email },
      );
    }
  } catch (err) {
    if (err instanceof StripeApiError) {
      const field = err.body.param?.includes('iban') ? 'iban' : err.body.param?.includes('number') ? 'cardNumber' : err.body.param?.includes('exp') ? 'expiry' : undefined;
      return { kind: 'error', message: err.body.message, ...(field ? { field } : {}) } as PayOutcome;
    }
    throw err;
  }

  session.customer_details = {
    address,
    business_name: null,
    email,
    individual_name: null,
    name: form.name || null,
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
  };
  // Saving the card for later (setup_future_usage) needs a customer to save it on.
  const savesCard = Boolean(sessionExtras(sandbox, session.id).payment_intent_data?.setup_future_usage);
  const needsCustomer = session.mode === 'subscription' || session.customer_creation === 'always' || savesCard;
  if (!session.customer && needsCustomer) {
    session.customer = createCustomer(sandbox, { email, name: form.name || null, address }).id;
  } else if (session.customer) {
    updateCustomerFromSession(sandbox, session, { address, name: form.name || null });
  }
  save(sandbox, session);
  const customerId = typeof session.customer === 'string' ? session.customer : (session.customer?.id ?? null);

  if (session.mode === 'setup') {
    const si = createSetupIntent(sandbox, {
      customer: customerId,
      metadata: sessionExtras(sandbox, session.id).setup_intent_data?.metadata ?? null,
      description: sessionExtras(sandbox, session.id).setup_intent_data?.description ?? null,
      allowed_payment_method_types: session.payment_method_types,
      usage: 'off_session',
    });
    sandbox.store.setInternal(SESSION_BY_SETUP_INTENT, si.id, session.id);
    session.setup_intent = si.id;
    save(sandbox, session);
    const { setupIntent, error } = confirmSetupIntent(sandbox, si, pm, { returnUrl: `${sandbox.config.publicUrl}/c/pay/${session.id}` });
    if (error) return { kind: 'error', message: error.body.message };
    if (setupIntent.status === 'requires_action' && setupIntent.next_action?.redirect_to_url?.url) {
      return { kind: 'redirect', url: setupIntent.next_action.redirect_to_url.url };
    }
    return { kind: 'redirect', url: completePage(sandbox, session) };
  }

  if (session.mode === 'subscription') {
    const hook = sandbox.hooks.get(SUBSCRIPTION_CHECKOUT_HOOK) as SubscriptionCheckoutHook | undefined;
    if (!hook || !customerId) {
      return { kind: 'error', message: 'Subscription checkout is not implemented by this sandbox yet.' };
    }
    try {
      attachPaymentMethod(sandbox, pm, customerId);
    } catch (err) {
      if (err instanceof StripeApiError) return { kind: 'error', message: err.body.message };
      throw err;
    }
    const out = hook({ session, paymentMethodId: pm.id, customerId });
    return 'redirect' in out ? { kind: 'redirect', url: out.redirect } : { kind: 'error', message: out.error };
  }

  let pi = typeof session.payment_intent === 'string'
    ? sandbox.store.get<PaymentIntentObject>('payment_intent', session.payment_intent)
    : undefined;
  if (pi && pi.status === 'requires_payment_method' && pi.amount !== (session.amount_total ?? 0)) {
    // The tax changed with the address since the last attempt: a new PaymentIntent for the new total.
    cancelPaymentIntent(sandbox, pi, 'abandoned');
    pi = undefined;
  }
  if (!pi || pi.status !== 'requires_payment_method') {
    const extras = sessionExtras(sandbox, session.id).payment_intent_data;
    pi = createPaymentIntent(sandbox, {
      amount: session.amount_total ?? 0,
      currency: session.currency ?? 'usd',
      customer: customerId,
      description: extras?.description ?? null,
      metadata: extras?.metadata ?? null,
      payment_method_types: session.payment_method_types,
      receipt_email: email,
      setup_future_usage: extras?.setup_future_usage ?? null,
      extra: sessionExtras(sandbox, session.id).payment_intent_accepted ?? null,
    });
    sandbox.store.setInternal(SESSION_BY_PAYMENT_INTENT, pi.id, session.id);
    session.payment_intent = pi.id;
    save(sandbox, session);
  }
  if (customerId && pi.setup_future_usage) {
    try {
      attachPaymentMethod(sandbox, pm, customerId);
    } catch (err) {
      if (err instanceof StripeApiError) return { kind: 'error', message: err.body.message };
      throw err;
    }
  }
  const { paymentIntent, error } = confirmPaymentIntent(sandbox, pi, pm, {
    returnUrl: `${sandbox.config.publicUrl}/c/pay/${session.id}`,
    // The page shows the SEPA mandate text above the button: paying accepts it.
    mandate: { browser: form.client ?? { ipAddress: null, userAgent: null } },
  });
  if (error) return { kind: 'error', message: error.body.message };
  if (paymentIntent.status === 'requires_action' && paymentIntent.next_action?.redirect_to_url?.url) {
    return { kind: 'redirect', url: paymentIntent.next_action.redirect_to_url.url };
  }
  return { kind: 'redirect', url: completePage(sandbox, session) };
}
