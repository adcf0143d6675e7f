import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../core/errors';
import { changedAttributes } from '../core/events';
import { newId } from '../core/ids';
import { clone, findOrThrow, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import type { Wire } from '../core/wire';
import { esc, page } from '../pages/html';
import type { PaymentMethodObject } from '../resources/payment-methods';
import type { PaymentIntentObject } from './objects';
import { formatMoney } from './money';

/**
 * SEPA Direct Debit mandates: the customer's authorisation to debit their account, which
 * Stripe records as a `mandate` whenever a SEPA PaymentMethod is confirmed (a PaymentIntent,
 * a SetupIntent, the hosted Checkout page). A payment's charge names it in
 * `payment_method_details.sepa_debit.mandate`, a SetupIntent in `mandate`.
 *
 * - `multi_use` (a SetupIntent, or a PaymentIntent with `setup_future_usage`): stays
 *   `active` and later off-session payments with the same PaymentMethod use it.
 * - `single_use` (a one-off PaymentIntent): `{amount, currency}`, and `inactive` once its
 *   payment has settled (Stripe: "previously used, and may not be used to initiate future
 *   payments"), with `mandate.updated`.
 */
export type MandateObject = Wire<Stripe.Mandate>;

/** `mandate_data[customer_acceptance]` as PaymentIntents and SetupIntents take it. */
export const mandateDataSpec = s.object({
  customer_acceptance: s.required(
    s.object({
      type: s.required(s.oneOf(['online', 'offline'] as const)),
      accepted_at: s.integer({ min: 0 }),
      online: s.object({ ip_address: s.required(s.string()), user_agent: s.required(s.string()) }),
      offline: s.object({}),
    }),
  ),
});
export type MandateData = NonNullable<s.Infer<{ x: typeof mandateDataSpec }>['x']>;

/** What the hosted Checkout page knows of the buyer who accepted the mandate text. */
export interface BrowserAcceptance {
  ipAddress: string | null;
  userAgent: string | null;
}

const MANDATE_BY_PAYMENT_INTENT = 'mandate_by_payment_intent';
const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function reference(): string {
  let out = '';
  for (let i = 0; i < 16; i++) out += REFERENCE_ALPHABET[Math.floor(Math.random() * REFERENCE_ALPHABET.length)];
  return out;
}

function acceptanceOf(sandbox: Sandbox, data: MandateData | null, browser: BrowserAcceptance | null): MandateObject['customer_acceptance'] {
  const now = sandbox.clock.now();
  if (data) {
    const a = data.customer_acceptance;
    if (a.type === 'online' && !a.online) {
      throw invalidRequest('Missing required param: mandate_data[customer_acceptance][online].', {
        code: 'parameter_missing',
        param: 'mandate_data[customer_acceptance][online]',
      });
    }
    return a.type === 'online'
      ? { type: 'online', accepted_at: a.accepted_at ?? now, online: { ip_address: a.online?.ip_address ?? null, user_agent: a.online?.user_agent ?? null } }
      : { type: 'offline', accepted_at: a.accepted_at ?? now, offline: {} };
  }
  return { type: 'online', accepted_at: now, online: { ip_address: browser?.ipAddress ?? null, user_agent: browser?.userAgent ?? null } };
}

export function createMandate(
  sandbox: Sandbox,
  a: { pm: PaymentMethodObject; data: MandateData | null; browser?: BrowserAcceptance | null; singleUse?: { amount: number; currency: string } | null },
): MandateObject {
  const id = newId('mandate');
  const mandate: MandateObject = {
    id,
    object: 'mandate',
    customer_acceptance: acceptanceOf(sandbox, a.data, a.browser ?? null),
    livemode: false,
    ...(a.singleUse ? { single_use: { amount: a.singleUse.amount, currency: a.singleUse.currency } } : { multi_use: {} }),
    payment_method: a.pm.id,
    payment_method_details: { type: 'sepa_debit', sepa_debit: { reference: reference(), url: `${sandbox.config.publicUrl}/mandates/${id}` } },
    status: 'active',
    type: a.singleUse ? 'single_use' : 'multi_use',
  };
  save(sandbox, mandate);
  return mandate;
}

/** The PaymentMethod's active multi-use mandate, if it has one (newest first). */
export function activeMandateOf(sandbox: Sandbox, pmId: string): MandateObject | undefined {
  return sandbox.store.all<MandateObject>('mandate').find((m) => m.payment_method === pmId && m.type === 'multi_use' && m.status === 'active');
}

/**
 * The mandate a SEPA PaymentIntent is confirmed under: the one named by `mandate`, a new one
 * from `mandate_data` (or the hosted page's buyer), else the PaymentMethod's active
 * multi-use mandate. Saving the method (`setup_future_usage`) needs its acceptance, as
 * Stripe says; a one-off payment without any records an online acceptance with no address.
 */
/**
 * Refuses what Stripe refuses before anything is created: an unknown or unusable `mandate`,
 * or saving a SEPA method (`setup_future_usage`) without `mandate_data`.
 */
export function checkMandate(
  sandbox: Sandbox,
  pmId: string,
  setupFutureUsage: string | null | undefined,
  a: { mandate?: string | null; data?: MandateData | null; browser?: BrowserAcceptance | null },
): MandateObject | null {
  if (a.mandate) {
    const found = sandbox.store.get<MandateObject>('mandate', a.mandate);
    if (!found) throw resourceMissing('mandate', a.mandate, 'mandate');
    if (found.payment_method !== pmId || found.status !== 'active') {
      throw invalidRequest(
        found.status !== 'active'
          ? `The mandate ${found.id} is ${found.status} and cannot be used for a payment.`
          : `The mandate ${found.id} belongs to PaymentMethod ${String(found.payment_method)}, not ${pmId}.`,
        { code: 'payment_intent_mandate_invalid', param: 'mandate' },
      );
    }
    return found;
  }
  if (a.data || a.browser) return null;
  const reusable = activeMandateOf(sandbox, pmId);
  if (reusable) return reusable;
  if (setupFutureUsage) {
    throw invalidRequest('When confirming a PaymentIntent with a sepa_debit PaymentMethod and setup_future_usage, mandate_data is required.', {
      code: 'parameter_missing',
      param: 'mandate_data',
    });
  }
  return null;
}

/**
 * The mandate a SEPA PaymentIntent is confirmed under: the one named by `mandate`, a new one
 * from `mandate_data` (or the hosted page's buyer), else the PaymentMethod's active
 * multi-use mandate. Saving the method (`setup_future_usage`) needs its acceptance, as
 * Stripe says; a one-off payment with none of these records an online acceptance with no
 * address (send `mandate_data` to have it recorded).
 */
export function mandateForPayment(
  sandbox: Sandbox,
  pi: PaymentIntentObject,
  pm: PaymentMethodObject,
  a: { mandate?: string | null; data?: MandateData | null; browser?: BrowserAcceptance | null },
): MandateObject {
  const existing = checkMandate(sandbox, pm.id, pi.setup_future_usage, a);
  if (existing) return existing;
  const mandate = createMandate(sandbox, {
    pm,
    data: a.data ?? null,
    browser: a.browser ?? null,
    singleUse: pi.setup_future_usage ? null : { amount: pi.amount, currency: pi.currency },
  });
  if (mandate.type === 'single_use') sandbox.store.setInternal(MANDATE_BY_PAYMENT_INTENT, pi.id, mandate.id);
  return mandate;
}

/** A single-use mandate is spent once its payment has settled (succeeded or failed). */
function retireSingleUse(sandbox: Sandbox, piId: string): void {
  const id = sandbox.store.internal<string>(MANDATE_BY_PAYMENT_INTENT)[piId];
  const mandate = id ? sandbox.store.get<MandateObject>('mandate', id) : undefined;
  if (!mandate || mandate.status !== 'active') return;
  const before = clone(mandate);
  mandate.status = 'inactive';
  save(sandbox, mandate);
  sandbox.events.emit('mandate.updated', mandate, changedAttributes(before, mandate));
}

export function registerMandates(sandbox: Sandbox): void {
  sandbox.router.get('/v1/mandates/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    return findOrThrow<MandateObject>(sandbox, 'mandate', params.id ?? '');
  });
  // `payment_method_details.sepa_debit.url`: the mandate as the customer may see it.
  sandbox.page('GET', '/mandates/:id', ({ params }) => {
    const m = sandbox.store.get<MandateObject>('mandate', params.id ?? '');
    if (!m) return page('Mandate not found', '<main class="wrap"><div class="card"><h1>Mandate not found</h1></div></main>', 404);
    const pm = sandbox.store.get<PaymentMethodObject>('payment_method', String(m.payment_method));
    const accepted = m.customer_acceptance.accepted_at ? new Date(m.customer_acceptance.accepted_at * 1000).toISOString().slice(0, 10) : '—';
    const scope = m.single_use ? `one payment of ${formatMoney(m.single_use.amount, m.single_use.currency)}` : 'recurring payments';
    return page(
      'SEPA Direct Debit mandate',
      `<main class="wrap"><div class="card"><h1>SEPA Direct Debit mandate</h1>
<p class="muted">Reference ${esc(m.payment_method_details.sepa_debit?.reference)} · ${esc(m.status)}</p>
<p>By accepting this mandate, ${esc(pm?.billing_details.name ?? 'the account holder')} authorised Bursar (sandbox) and Stripe to debit the account ending in ${esc(pm?.sepa_debit?.last4 ?? '????')} for ${esc(scope)}.</p>
<p class="muted">Accepted ${esc(accepted)} (${esc(m.customer_acceptance.type)}).</p></div></main>`,
    );
  });
  sandbox.events.subscribe((event) => {
    if (event.type !== 'payment_intent.succeeded' && event.type !== 'payment_intent.payment_failed') return;
    retireSingleUse(sandbox, (event.data.object as { id: string }).id);
  });
}
