import type { Sandbox } from '../core/sandbox';
import { refreshExpiry } from '../checkout/lifecycle';
import { collectsNoPaymentMethod, sessionLineItems, successRedirect, type SessionObject } from '../checkout/model';
import { submitPayment, type PaymentForm } from '../checkout/pay';
import { SESSION_LAST_PAYMENT_INTENT } from '../checkout/subscription';
import { applySessionDiscount, itemProduct, sessionDiscount } from '../checkout/discount';
import { redeemableCode, type PromotionCodeObject } from '../billing/discounts';
import type { PaymentIntentObject } from '../payments/objects';
import { sessionNeedsAddress } from '../checkout/tax';
import type { CustomerObject } from '../resources/customers';
import { esc, formBody, formatMoney, page, redirect } from './html';

interface FormState {
  values: Partial<PaymentForm>;
  error?: string;
  field?: keyof PaymentForm;
  promoError?: string;
}

function discountRows(sandbox: Sandbox, session: SessionObject, promoError?: string): string {
  const ccy = session.currency ?? 'usd';
  const off = session.total_details?.amount_discount ?? 0;
  if (off > 0) {
    const discount = sessionDiscount(sandbox, session.id);
    const promoId = typeof discount?.promotion_code === 'string' ? discount.promotion_code : null;
    const code = promoId ? sandbox.store.get<PromotionCodeObject>('promotion_code', promoId)?.code : null;
    const subtotal = (session.amount_total ?? 0) + off;
    return `<p class="row" style="font-weight:400"><span>Subtotal</span><span>${esc(formatMoney(subtotal, ccy))}</span></p>
      <p class="row" style="font-weight:400;border-top:0" data-testid="discount"><span>Discount${code ? ` (${esc(code)})` : ''}</span><span>−${esc(formatMoney(off, ccy))}</span></p>`;
  }
  if (!session.allow_promotion_codes) return '';
  return `<form method="post" action="/c/pay/${esc(session.id)}/promotion" class="promo" novalidate>
      <label for="promotionCode">Promotion code</label>
      <div style="display:flex;gap:8px"><input id="promotionCode" name="code" type="text" autocomplete="off"${promoError ? ' aria-invalid="true" aria-describedby="promo-error"' : ''}>
      <button type="submit" class="secondary" style="width:auto;margin:0">Apply</button></div>
      ${promoError ? `<p class="error" id="promo-error" role="alert">${esc(promoError)}</p>` : ''}
    </form>`;
}

function summary(sandbox: Sandbox, session: SessionObject, promoError?: string): string {
  const items = sessionLineItems(sandbox, session.id);
  const ccy = session.currency ?? 'usd';
  const rows = items
    .map((li) => {
      const qty = (li.quantity ?? 1) > 1 ? ` <span class="muted">× ${li.quantity}</span>` : '';
      const interval = li.price?.recurring ? ` <span class="muted">/ ${esc(li.price.recurring.interval)}</span>` : '';
      return `<li><span>${esc(li.description ?? 'Item')}${qty}</span><span>${esc(formatMoney(li.amount_subtotal, ccy))}${interval}</span></li>`;
    })
    .join('');
  const cancel = session.cancel_url
    ? `<a class="back" href="${esc(session.cancel_url)}">← Cancel and return</a>`
    : '';
  if (session.mode === 'setup') {
    return `<section class="summary" aria-labelledby="summary-title">${cancel}
    <p class="muted" id="summary-title">Bursar (sandbox)</p>
    <p class="total" data-testid="total">Save a payment method</p>
    <p class="muted">Nothing is charged now. The card is saved for future payments.</p>
  </section>`;
  }
  return `<section class="summary" aria-labelledby="summary-title">${cancel}
    <p class="muted" id="summary-title">${session.mode === 'subscription' ? 'Subscribe' : 'Pay'} Bursar (sandbox)</p>
    <p class="total" data-testid="total">${esc(formatMoney(session.amount_total ?? 0, ccy))}</p>
    <ul class="items" aria-label="Order summary">${rows}</ul>
    ${discountRows(sandbox, session, promoError)}
    ${taxRow(session)}
    <p class="row"><span>Total due today</span><span>${esc(formatMoney(session.amount_total ?? 0, ccy))}</span></p>
  </section>`;
}

function taxRow(session: SessionObject): string {
  if (!session.automatic_tax.enabled) return '';
  const ccy = session.currency ?? 'usd';
  const value = session.automatic_tax.status === 'complete'
    ? esc(formatMoney(session.total_details?.amount_tax ?? 0, ccy))
    : '<span class="muted">Calculated from your address</span>';
  return `<p class="row" style="font-weight:400;border-top:0" data-testid="tax"><span>Tax</span><span>${value}</span></p>`;
}

/** Countries offered on the page (any ISO code is accepted when posted). */
const COUNTRIES: Array<[string, string]> = [
  ['US', 'United States'], ['GB', 'United Kingdom'], ['CA', 'Canada'], ['AU', 'Australia'], ['NZ', 'New Zealand'],
  ['IE', 'Ireland'], ['DE', 'Germany'], ['FR', 'France'], ['NL', 'Netherlands'], ['ES', 'Spain'], ['IT', 'Italy'],
  ['JP', 'Japan'], ['IN', 'India'], ['BR', 'Brazil'], ['MX', 'Mexico'], ['SG', 'Singapore'], ['CH', 'Switzerland'],
];

function addressFields(sandbox: Sandbox, session: SessionObject, state: FormState): string {
  if (!sessionNeedsAddress(sandbox, session)) return '';
  const customerId = typeof session.customer === 'string' ? session.customer : null;
  const saved = customerId ? sandbox.store.get<CustomerObject>('customer', customerId)?.address : null;
  const current = (state.values.country ?? saved?.country ?? '').toUpperCase();
  const options = [`<option value="">Select…</option>`, ...COUNTRIES.map(([code, name]) => `<option value="${code}"${code === current ? ' selected' : ''}>${esc(name)}</option>`)].join('');
  const invalid = state.field === 'country' ? ' aria-invalid="true" aria-describedby="form-error"' : '';
  return `<fieldset class="address-fields"><legend>Billing address</legend>
      <label for="country">Country or region</label><select id="country" name="country" autocomplete="country"${invalid}>${options}</select>
      ${field('postalCode', 'Postal code', { ...state, values: { ...state.values, postalCode: state.values.postalCode ?? saved?.postal_code ?? '' } }, 'autocomplete="postal-code"')}
    </fieldset>`;
}

function field(name: keyof PaymentForm, label: string, state: FormState, attrs: string): string {
  const invalid = state.field === name;
  const value = state.values[name] ?? '';
  return `<label for="${name}">${esc(label)}</label><input id="${name}" name="${name}" type="text" value="${esc(value)}" ${attrs}${invalid ? ' aria-invalid="true" aria-describedby="form-error"' : ''}>`;
}

function renderForm(sandbox: Sandbox, session: SessionObject, state: FormState, status = 200) {
  const methods = session.payment_method_types;
  const current = state.values.method ?? (methods.includes('card') ? 'card' : methods.includes('sepa_debit') ? 'sepa_debit' : 'us_bank_account');
  // Like Stripe: an existing customer's email is prefilled and cannot be changed here.
  const customerId = typeof session.customer === 'string' ? session.customer : null;
  const customerEmail = customerId ? (sandbox.store.get<{ id: string; object: string; email: string | null }>('customer', customerId)?.email ?? null) : null;
  const email = state.values.email ?? session.customer_details?.email ?? customerEmail ?? '';
  const emailLocked = Boolean(session.customer_email || customerEmail);
  // Nothing to pay (a 100 % discount): no payment details are asked for.
  const free = (session.mode === 'payment' && (session.amount_total ?? 0) === 0) || collectsNoPaymentMethod(sandbox, session);
  const methodPicker = free ? '' :
    methods.length > 1
      ? `<fieldset><legend>Payment method</legend><div class="methods">
        ${methods.includes('card') ? `<label><input type="radio" id="method-card" name="method" value="card"${current === 'card' ? ' checked' : ''}> Card</label>` : ''}
        ${methods.includes('us_bank_account') ? `<label><input type="radio" id="method-bank" name="method" value="us_bank_account"${current === 'us_bank_account' ? ' checked' : ''}> US bank account</label>` : ''}
        ${methods.includes('sepa_debit') ? `<label><input type="radio" id="method-sepa" name="method" value="sepa_debit"${current === 'sepa_debit' ? ' checked' : ''}> SEPA Direct Debit</label>` : ''}
      </div></fieldset>`
      : `<input type="hidden" name="method" value="${esc(current)}">`;
  const cardFields = !free && methods.includes('card')
    ? `<fieldset class="card-fields"><legend class="sr-only">Card information</legend>
        ${field('cardNumber', 'Card number', state, 'inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234"')}
        <div class="pair"><div>${field('expiry', 'Expiry (MM / YY)', state, 'inputmode="numeric" autocomplete="cc-exp" placeholder="MM / YY"')}</div>
        <div>${field('cvc', 'CVC', state, 'inputmode="numeric" autocomplete="cc-csc" placeholder="123"')}</div></div>
      </fieldset>`
    : '';
  const bankFields = !free && methods.includes('us_bank_account')
    ? `<fieldset class="bank-fields"><legend class="sr-only">Bank account</legend>
        ${field('routingNumber', 'Routing number', state, 'inputmode="numeric" placeholder="110000000"')}
        ${field('accountNumber', 'Account number', state, 'inputmode="numeric" placeholder="000123456789"')}
      </fieldset>`
    : '';
  const sepaFields = !free && methods.includes('sepa_debit')
    ? `<fieldset class="sepa-fields"><legend class="sr-only">SEPA Direct Debit</legend>
        ${field('iban', 'IBAN', state, 'autocomplete="off" placeholder="AT61 1904 3002 3457 3201"')}
        <p class="mandate">By paying with SEPA Direct Debit you authorise this merchant and Stripe to debit your account.</p>
      </fieldset>`
    : '';
  const error = state.error ? `<p class="error" id="form-error" role="alert">${esc(state.error)}</p>` : '';
  const amount = formatMoney(session.amount_total ?? 0, session.currency ?? 'usd');
  const verbs: Record<string, string> = { book: `Book ${amount}`, donate: `Donate ${amount}`, subscribe: 'Subscribe', pay: `Pay ${amount}` };
  const verb = session.mode === 'setup' ? 'Save card' : free ? (session.mode === 'subscription' ? 'Start trial' : 'Complete order') : (verbs[session.submit_type ?? ''] ?? (session.mode === 'subscription' ? 'Subscribe' : `Pay ${amount}`));
  const body = `<main class="wrap">${summary(sandbox, session, state.promoError)}
  <section class="card" aria-labelledby="pay-title">
    <h1 id="pay-title">${session.mode === 'subscription' ? 'Subscribe' : session.mode === 'setup' ? 'Save' : 'Pay'} with ${methods.length > 1 ? 'card or bank' : current === 'card' ? 'card' : 'bank account'}</h1>
    <form method="post" action="/c/pay/${esc(session.id)}" novalidate>
      <label for="email">Email</label>
      <input id="email" name="email" type="email" autocomplete="email" value="${esc(email)}"${emailLocked ? ' readonly' : ''}${state.field === 'email' ? ' aria-invalid="true" aria-describedby="form-error"' : ''}>
      ${methodPicker}${cardFields}${bankFields}${sepaFields}
      ${addressFields(sandbox, session, state)}
      ${field('name', methods.includes('card') && current === 'card' ? 'Name on card' : 'Full name', state, 'autocomplete="cc-name"')}
      ${error}
      <button type="submit" id="submit">${esc(verb)}</button>
    </form>
    <details class="hint"><summary>Test cards and accounts</summary>
      <p><code>4242 4242 4242 4242</code> succeeds · <code>4000 0000 0000 0002</code> declined · <code>4000 0000 0000 9995</code> insufficient funds ·
      <code>4000 0000 0000 0069</code> expired · <code>4000 0000 0000 0127</code> wrong CVC · <code>4000 0025 0000 3155</code> 3-D Secure ·
      <code>4000 0000 0000 0259</code> dispute later · <code>4000 0000 0000 0341</code> charges fail · <code>4000 0000 0000 5126</code> refunds fail.
      Any future expiry, any CVC.${methods.includes('us_bank_account') ? ' Bank: routing <code>110000000</code>, account <code>000123456789</code> (settles) or <code>000111111113</code> (fails).' : ''}${methods.includes('sepa_debit') ? ' IBAN: <code>AT611904300234573201</code> (settles), <code>AT861904300235473202</code> (fails), <code>AT591904300235473203</code> (settles, then disputed).' : ''}</p>
    </details>
  </section></main>
  <script>document.querySelector('form').addEventListener('submit',function(){var b=document.getElementById('submit');setTimeout(function(){b.disabled=true;b.textContent='Processing…'},0)});</script>`;
  return page(`${verb} · Checkout`, body, status);
}

function notice(title: string, message: string, link?: { href: string; text: string }) {
  const a = link ? `<p><a href="${esc(link.href)}">${esc(link.text)}</a></p>` : '';
  return page(title, `<main class="wrap"><section class="card" style="grid-column:1/-1"><h1>${esc(title)}</h1><p class="muted">${esc(message)}</p>${a}</section></main>`);
}

function loadSession(sandbox: Sandbox, id: string): SessionObject | undefined {
  const session = sandbox.store.get<SessionObject>('checkout.session', id);
  return session ? refreshExpiry(sandbox, session) : undefined;
}

export function registerCheckoutPages(sandbox: Sandbox): void {
  sandbox.page('GET', '/c/pay/:id', ({ params }) => {
    const session = loadSession(sandbox, params.id ?? '');
    if (!session) return notice('Something went wrong', 'The page you were looking for could not be found.');
    if (session.status === 'complete') {
      const done = successRedirect(session);
      return done ? redirect(done) : notice('Thanks for your payment', 'Your payment is complete. You can close this page.');
    }
    if (session.status === 'expired') {
      return notice('This checkout session has expired', 'Return to the store to start again.', session.cancel_url ? { href: session.cancel_url, text: 'Back to the store' } : undefined);
    }
    // Back from a failed 3-D Secure challenge: show why, keep the session open.
    const piId = typeof session.payment_intent === 'string' ? session.payment_intent : sandbox.store.internal<string>(SESSION_LAST_PAYMENT_INTENT)[session.id];
    const pi = piId ? sandbox.store.get<PaymentIntentObject>('payment_intent', piId) : undefined;
    const lastError = pi?.status === 'requires_payment_method' ? pi.last_payment_error?.message : undefined;
    return renderForm(sandbox, session, { values: {}, ...(lastError ? { error: lastError } : {}) });
  });

  sandbox.page('POST', '/c/pay/:id/promotion', ({ params, body }) => {
    const session = loadSession(sandbox, params.id ?? '');
    if (!session) return notice('Something went wrong', 'The page you were looking for could not be found.');
    if (session.status !== 'open' || !session.allow_promotion_codes || (session.total_details?.amount_discount ?? 0) > 0) {
      return redirect(`/c/pay/${session.id}`);
    }
    const code = formBody(body).get('code') ?? '';
    const items = sessionLineItems(sandbox, session.id);
    const subtotal = items.reduce((sum, li) => sum + li.amount_subtotal, 0);
    const customer = typeof session.customer === 'string' ? session.customer : null;
    const found = code.trim()
      ? redeemableCode(sandbox, code, { amount: subtotal, currency: session.currency ?? 'usd', customer, products: items.map(itemProduct) })
      : { error: 'Enter a promotion code.' };
    if ('error' in found) return renderForm(sandbox, session, { values: {}, promoError: found.error }, 400);
    applySessionDiscount(sandbox, session, found);
    return redirect(`/c/pay/${session.id}`);
  });

  sandbox.page('POST', '/c/pay/:id', ({ params, body, headers, remoteAddress }) => {
    const session = loadSession(sandbox, params.id ?? '');
    if (!session) return notice('Something went wrong', 'The page you were looking for could not be found.');
    if (session.status !== 'open') return redirect(`/c/pay/${session.id}`);
    const f = formBody(body);
    const values: PaymentForm = {
      email: f.get('email') ?? '',
      name: f.get('name') ?? '',
      method: f.get('method') === 'us_bank_account' ? 'us_bank_account' : f.get('method') === 'sepa_debit' ? 'sepa_debit' : 'card',
      iban: f.get('iban') ?? '',
      cardNumber: f.get('cardNumber') ?? '',
      expiry: f.get('expiry') ?? '',
      cvc: f.get('cvc') ?? '',
      accountNumber: f.get('accountNumber') ?? '',
      routingNumber: f.get('routingNumber') ?? '',
      country: f.get('country') ?? '',
      postalCode: f.get('postalCode') ?? '',
      client: { ipAddress: remoteAddress ?? null, userAgent: typeof headers['user-agent'] === 'string' ? headers['user-agent'] : null },
    };
    const outcome = submitPayment(sandbox, session, values);
    if (outcome.kind === 'redirect') return redirect(outcome.url);
    // Never echo card data back into the page.
    const kept: Partial<PaymentForm> = {
      email: values.email,
      name: values.name,
      method: values.method,
      routingNumber: values.routingNumber,
      country: values.country,
      postalCode: values.postalCode,
    };
    return renderForm(sandbox, session, { values: kept, error: outcome.message, ...(outcome.field ? { field: outcome.field } : {}) }, 402);
  });
}
