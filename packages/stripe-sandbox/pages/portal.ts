import { StripeApiError } from '../core/errors';
import { save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import type { InvoiceObject, SubscriptionObject } from '../billing/model';
import { attemptInvoicePayment } from '../billing/invoices';
import { changeItems } from '../billing/changes';
import { customerClockTime, transition } from '../billing/subscriptions';
import type { CustomerObject } from '../resources/customers';
import { attachPaymentMethod, createCardPaymentMethod, type PaymentMethodObject } from '../resources/payment-methods';
import type { PortalSessionObject } from '../resources/billing-portal';
import type { PriceObject } from '../resources/prices';
import type { ProductObject } from '../resources/products';
import { esc, formBody, formatMoney, page, redirect } from './html';

const date = (s: number | null | undefined) =>
  s ? new Date(s * 1000).toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }) : '—';

const shortDate = (s: number) => new Date(s * 1000).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });

const PORTAL_CSS = `
.portal{max-width:760px;margin:0 auto;padding:24px 16px}
.portal section{margin-bottom:20px}
.plan{display:flex;flex-wrap:wrap;justify-content:space-between;gap:12px;align-items:flex-start}
.actions{display:flex;flex-wrap:wrap;gap:8px;margin-top:12px}
.actions form{margin:0}
.actions button{width:auto;margin:0;padding:10px 14px}
.pill{display:inline-block;font-size:12px;font-weight:600;padding:2px 8px;border-radius:999px;background:#d7f7c2;color:#05690d}
.pill.warn{background:#fcedb9;color:#7a4b00}.pill.bad{background:#ffe0e6;color:#a41c3a}
table{width:100%;border-collapse:collapse;font-size:14px}
th,td{text-align:left;padding:8px 6px;border-bottom:1px solid #eef1f5}
.flash{background:#e6f4ff;border:1px solid #b6dcfe;border-radius:8px;padding:10px 12px}
@media (max-width:520px){td.hide,th.hide{display:none}}
`;

function priceLabel(price: PriceObject): string {
  const every = price.recurring ? ` per ${price.recurring.interval_count > 1 ? `${price.recurring.interval_count} ${price.recurring.interval}s` : price.recurring.interval}` : '';
  return `${formatMoney(price.unit_amount ?? 0, price.currency)}${every}`;
}

function statusPill(sub: SubscriptionObject): string {
  if (sub.cancel_at_period_end) return `<span class="pill warn">Cancels ${esc(date(sub.items.data[0]?.current_period_end))}</span>`;
  const map: Record<string, [string, string]> = {
    active: ['Active', ''],
    trialing: ['Trial', ''],
    past_due: ['Past due', 'bad'],
    unpaid: ['Unpaid', 'bad'],
    incomplete: ['Incomplete', 'warn'],
  };
  const [label, cls] = map[sub.status] ?? [sub.status, 'warn'];
  return `<span class="pill ${cls}">${esc(label)}</span>`;
}

const action = (sessionId: string, path: string, label: string, fields: Record<string, string>, secondary = false) =>
  `<form method="post" action="/p/session/${esc(sessionId)}/${path}">${Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('')}<button type="submit"${secondary ? ' class="secondary"' : ''}>${esc(label)}</button></form>`;

function render(sandbox: Sandbox, session: PortalSessionObject, notice?: string, error?: string, status = 200) {
  const { store } = sandbox;
  const customer = store.get<CustomerObject>('customer', session.customer);
  const subs = store
    .all<SubscriptionObject>('subscription')
    .filter((sub) => sub.customer === session.customer && sub.status !== 'canceled' && sub.status !== 'incomplete_expired');
  const plans = subs
    .map((sub) => {
      const item = sub.items.data[0];
      if (!item) return '';
      const price = item.price as PriceObject;
      const product = store.get<ProductObject>('product', String(price.product));
      const alternatives = store
        .all<PriceObject>('price')
        .filter((p) => p.active && p.recurring && p.product === price.product && p.currency === price.currency && p.id !== price.id);
      const end = item.current_period_end;
      const when = sub.cancel_at_period_end
        ? `Your plan will be canceled on ${date(end)}.`
        : sub.status === 'trialing'
          ? `Your trial ends on ${date(sub.trial_end)}.`
          : `Your plan renews on ${date(end)}.`;
      const buttons = [
        sub.cancel_at_period_end
          ? action(session.id, 'resume', 'Renew plan', { subscription: sub.id })
          : action(session.id, 'cancel', 'Cancel plan', { subscription: sub.id }, true),
        ...alternatives.map((alt) =>
          action(session.id, 'switch', `Switch to ${priceLabel(alt)}`, { subscription: sub.id, price: alt.id }, true),
        ),
      ].join('');
      return `<div class="card" data-testid="plan"><div class="plan"><div><h2>${esc(product?.name ?? 'Plan')}</h2>
        <p class="total" style="font-size:24px;margin:4px 0">${esc(priceLabel(price))}</p>
        <p class="muted" style="margin:0">${esc(when)}</p></div>${statusPill(sub)}</div>
        <div class="actions">${buttons}</div></div>`;
    })
    .join('');
  const pmId = customer?.invoice_settings.default_payment_method;
  const pm = typeof pmId === 'string' ? store.get<PaymentMethodObject>('payment_method', pmId) : undefined;
  const card = pm?.card
    ? `<p data-testid="card">${esc(pm.card.brand)} •••• ${esc(pm.card.last4)} · Expires ${esc(String(pm.card.exp_month).padStart(2, '0'))}/${esc(pm.card.exp_year)}</p>`
    : '<p class="muted">No payment method on file.</p>';
  const invoices = store
    .all<InvoiceObject>('invoice')
    .filter((inv) => inv.customer === session.customer && inv.status !== 'draft')
    .map(
      (inv) => `<tr><td>${esc(shortDate(inv.status_transitions.finalized_at ?? inv.created))}</td><td class="hide">${esc(inv.number ?? '')}</td>
        <td>${esc(formatMoney(inv.total, inv.currency))}</td><td>${esc(inv.status === 'paid' ? 'Paid' : inv.status === 'open' ? 'Due' : String(inv.status))}</td>
        <td><a href="${esc(inv.hosted_invoice_url ?? '#')}">View</a> · <a href="${esc(inv.invoice_pdf ?? '#')}">PDF</a></td></tr>`,
    )
    .join('');
  const back = session.return_url ? `<a class="back" href="${esc(session.return_url)}">← Return to Bursar</a>` : '';
  return page(
    'Billing · Bursar',
    `<style>${PORTAL_CSS}</style><main class="portal">${back}
      <h1>Billing</h1><p class="muted">${esc(customer?.email ?? '')}</p>
      ${notice ? `<p class="flash" role="status">${esc(notice)}</p>` : ''}
      <section aria-labelledby="plans-title"><h2 id="plans-title">Current plan</h2>${plans || '<p class="muted">No active subscription.</p>'}</section>
      <section class="card" aria-labelledby="pm-title"><h2 id="pm-title">Payment method</h2>${card}
        <details${error ? ' open' : ''}><summary>Update card</summary>
        <form method="post" action="/p/session/${esc(session.id)}/card" novalidate>
          <label for="cardNumber">Card number</label><input id="cardNumber" name="cardNumber" type="text" inputmode="numeric" autocomplete="cc-number">
          <div class="pair"><div><label for="expiry">Expiry (MM / YY)</label><input id="expiry" name="expiry" type="text" inputmode="numeric" autocomplete="cc-exp" placeholder="MM / YY"></div>
          <div><label for="cvc">CVC</label><input id="cvc" name="cvc" type="text" inputmode="numeric" autocomplete="cc-csc"></div></div>
          <label for="name">Name on card</label><input id="name" name="name" type="text" autocomplete="cc-name">
          ${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
          <button type="submit">Save card</button>
        </form></details></section>
      <section class="card" aria-labelledby="inv-title"><h2 id="inv-title">Invoice history</h2>
        ${invoices ? `<table><thead><tr><th>Date</th><th class="hide">Number</th><th>Amount</th><th>Status</th><th></th></tr></thead><tbody>${invoices}</tbody></table>` : '<p class="muted">No invoices yet.</p>'}
      </section></main>`,
    status,
  );
}

/**
 * The Customer Portal at a billing portal session's `url`: current plan and renewal date,
 * cancel at period end and resume, switch between prices of the same product, update the
 * card (which also retries open invoices), invoice history, and the return link.
 */
export function registerPortalPages(sandbox: Sandbox): void {
  const { store } = sandbox;
  const load = (id: string) => store.get<PortalSessionObject>('billing_portal.session', id);
  const notFound = () => page('Not found', '<main class="wrap"><p>This billing session does not exist.</p></main>', 404);
  const ownedSub = (session: PortalSessionObject, id: string | null) => {
    const sub = id ? store.get<SubscriptionObject>('subscription', id) : undefined;
    return sub && sub.customer === session.customer ? sub : undefined;
  };
  const atCustomer = <T>(session: PortalSessionObject, fn: () => T) => sandbox.clock.at(customerClockTime(sandbox, session.customer), fn);

  sandbox.page('GET', '/p/session/:id', ({ params, query }) => {
    const session = load(params.id ?? '');
    if (!session) return notFound();
    const notices: Record<string, string> = {
      canceled: 'Your plan has been canceled. You keep access until the end of the period.',
      resumed: 'Your plan will renew.',
      switched: 'Your plan has been changed.',
      card: 'Your card has been updated.',
    };
    return render(sandbox, session, notices[query.get('done') ?? '']);
  });

  sandbox.page('POST', '/p/session/:id/:action', ({ params, body }) => {
    const session = load(params.id ?? '');
    if (!session) return notFound();
    const f = formBody(body);
    const back = (done: string) => redirect(`/p/session/${session.id}?done=${done}`);
    try {
      return atCustomer(session, () => {
        switch (params.action) {
          case 'cancel':
          case 'resume': {
            const sub = ownedSub(session, f.get('subscription'));
            if (!sub) return notFound();
            const cancel = params.action === 'cancel';
            transition(sandbox, sub, {
              cancel_at_period_end: cancel,
              canceled_at: cancel ? sandbox.clock.now() : null,
              cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: cancel ? 'cancellation_requested' : null },
            });
            return back(cancel ? 'canceled' : 'resumed');
          }
          case 'switch': {
            const sub = ownedSub(session, f.get('subscription'));
            const item = sub?.items.data[0];
            if (!sub || !item) return notFound();
            changeItems(sandbox, sub, [{ id: item.id, price: f.get('price') }], 'create_prorations');
            return back('switched');
          }
          case 'card': {
            const m = /^\s*(\d{1,2})\s*\/?\s*(\d{2}|\d{4})\s*$/.exec(f.get('expiry') ?? '');
            if (!m) return render(sandbox, session, undefined, "Your card's expiration date is incomplete.", 402);
            const year = Number(m[2]);
            const pm = createCardPaymentMethod(
              sandbox,
              { number: f.get('cardNumber') ?? '', exp_month: Number(m[1]), exp_year: year < 100 ? 2000 + year : year, cvc: f.get('cvc') ?? '' },
              { name: f.get('name') || null },
            );
            attachPaymentMethod(sandbox, pm, session.customer);
            const customer = store.get<CustomerObject>('customer', session.customer);
            if (customer) {
              const before = structuredClone(customer);
              customer.invoice_settings = { ...customer.invoice_settings, default_payment_method: pm.id };
              save(sandbox, customer);
              sandbox.events.emit('customer.updated', customer, { invoice_settings: before.invoice_settings });
            }
            const subs = store.all<SubscriptionObject>('subscription').filter((sub) => sub.customer === session.customer && sub.status !== 'canceled');
            for (const sub of subs) transition(sandbox, sub, { default_payment_method: pm.id });
            // A past-due invoice is retried with the new card at once.
            for (const inv of store.all<InvoiceObject>('invoice')) {
              if (inv.customer === session.customer && inv.status === 'open' && inv.attempt_count > 0) {
                attemptInvoicePayment(sandbox, inv, pm.id, { automatic: false });
              }
            }
            return back('card');
          }
          default:
            return notFound();
        }
      });
    } catch (err) {
      if (err instanceof StripeApiError) return render(sandbox, session, undefined, err.body.message, err.status);
      throw err;
    }
  });
}
