import { StripeApiError } from '../core/errors';
import type { Sandbox } from '../core/sandbox';
import { attemptInvoicePayment, invoiceLines } from '../billing/invoices';
import type { InvoiceObject } from '../billing/model';
import { customerClockTime } from '../billing/subscriptions';
import { attachPaymentMethod, createCardPaymentMethod } from '../resources/payment-methods';
import { esc, formBody, formatMoney, page, redirect } from './html';
import { textPdf } from './pdf';

const date = (s: number | null) => (s ? new Date(s * 1000).toISOString().slice(0, 10) : '—');

function parseExpiry(v: string): { month: number; year: number } | null {
  const m = /^\s*(\d{1,2})\s*\/?\s*(\d{2}|\d{4})\s*$/.exec(v);
  if (!m) return null;
  const year = Number(m[2]);
  return { month: Number(m[1]), year: year < 100 ? 2000 + year : year };
}

function render(sandbox: Sandbox, invoice: InvoiceObject, error?: string, status = 200) {
  const lines = invoiceLines(sandbox, invoice.id)
    .map((l) => `<li><span>${esc(l.description ?? '')}<br><span class="muted">${esc(date(l.period.start))} – ${esc(date(l.period.end))}</span></span><span>${esc(formatMoney(l.amount, invoice.currency))}</span></li>`)
    .join('');
  const open = invoice.status === 'open';
  const form = open
    ? `<form method="post" action="/i/${esc(invoice.id)}" novalidate>
        <h2 style="margin-top:20px">Pay with a card</h2>
        <label for="cardNumber">Card number</label><input id="cardNumber" name="cardNumber" type="text" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234">
        <div class="pair"><div><label for="expiry">Expiry (MM / YY)</label><input id="expiry" name="expiry" type="text" inputmode="numeric" autocomplete="cc-exp" placeholder="MM / YY"></div>
        <div><label for="cvc">CVC</label><input id="cvc" name="cvc" type="text" inputmode="numeric" autocomplete="cc-csc" placeholder="123"></div></div>
        <label for="name">Name on card</label><input id="name" name="name" type="text" autocomplete="cc-name">
        ${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
        <button type="submit">Pay ${esc(formatMoney(invoice.amount_remaining, invoice.currency))}</button>
      </form>`
    : `<p class="row"><span>Status</span><span data-testid="invoice-status">${esc(invoice.status === 'paid' ? 'Paid' : String(invoice.status))}</span></p>`;
  return page(
    `Invoice ${invoice.number ?? invoice.id}`,
    `<main class="wrap"><section class="summary" aria-labelledby="inv-title">
        <p class="muted" id="inv-title">Invoice ${esc(invoice.number ?? '')} from Bursar (sandbox)</p>
        <p class="total">${esc(formatMoney(open ? invoice.amount_remaining : invoice.total, invoice.currency))}</p>
        <p class="muted">${open ? 'Due' : 'Issued'} ${esc(date(invoice.status_transitions.finalized_at))} · ${esc(invoice.customer_email ?? '')}</p>
        <ul class="items" aria-label="Invoice lines">${lines}</ul>
        <p><a href="/i/${esc(invoice.id)}/pdf">Download invoice (PDF)</a></p>
      </section>
      <section class="card">${form}</section></main>`,
    status,
  );
}

/** Stripe's hosted invoice page (`hosted_invoice_url`): pay an open invoice with another card. */
export function registerInvoicePages(sandbox: Sandbox): void {
  const load = (id: string) => sandbox.store.get<InvoiceObject>('invoice', id);

  sandbox.page('GET', '/i/:id', ({ params }) => {
    const invoice = load(params.id ?? '');
    if (!invoice || invoice.status === 'draft') return page('Invoice not found', '<main class="wrap"><p>Invoice not found.</p></main>', 404);
    return render(sandbox, invoice);
  });

  sandbox.page('POST', '/i/:id', ({ params, body }) => {
    const invoice = load(params.id ?? '');
    if (!invoice) return page('Invoice not found', '<main class="wrap"><p>Invoice not found.</p></main>', 404);
    if (invoice.status !== 'open') return redirect(`/i/${invoice.id}`);
    const f = formBody(body);
    const expiry = parseExpiry(f.get('expiry') ?? '');
    if (!expiry) return render(sandbox, invoice, "Your card's expiration date is incomplete.", 402);
    return sandbox.clock.at(customerClockTime(sandbox, String(invoice.customer)), () => {
      try {
        const pm = createCardPaymentMethod(
          sandbox,
          { number: f.get('cardNumber') ?? '', exp_month: expiry.month, exp_year: expiry.year, cvc: f.get('cvc') ?? '' },
          { name: f.get('name') || null, email: invoice.customer_email },
        );
        attachPaymentMethod(sandbox, pm, String(invoice.customer));
        const { paymentIntent, error } = attemptInvoicePayment(sandbox, invoice, pm.id, {
          automatic: false,
          returnUrl: `${sandbox.config.publicUrl}/i/${invoice.id}`,
        });
        if (error) return render(sandbox, invoice, error.body.message, 402);
        const challenge = paymentIntent.next_action?.redirect_to_url?.url;
        return redirect(paymentIntent.status === 'requires_action' && challenge ? challenge : `/i/${invoice.id}`);
      } catch (err) {
        if (err instanceof StripeApiError) return render(sandbox, invoice, err.body.message, 402);
        throw err;
      }
    });
  });

  sandbox.page('GET', '/i/:id/pdf', ({ params }) => {
    const invoice = load(params.id ?? '');
    if (!invoice || invoice.status === 'draft') return page('Invoice not found', '<main class="wrap"><p>Invoice not found.</p></main>', 404);
    const money = (n: number) => `${invoice.currency.toUpperCase()} ${formatMoney(n, invoice.currency).replace(/[^\d.,-]/g, '')}`;
    const pdf = textPdf([
      `Invoice ${invoice.number ?? invoice.id}`,
      'Bursar (Stripe sandbox - test mode)',
      `Billed to: ${invoice.customer_email ?? String(invoice.customer)}`,
      `Issued: ${date(invoice.status_transitions.finalized_at)}   Status: ${String(invoice.status)}`,
      '',
      ...invoiceLines(sandbox, invoice.id).map((l) => `${l.description ?? ''}   ${money(l.amount)}`),
      '',
      `Total: ${money(invoice.total)}   Paid: ${money(invoice.amount_paid)}   Remaining: ${money(invoice.amount_remaining)}`,
    ]);
    return {
      status: 200,
      headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${invoice.number ?? invoice.id}.pdf"` },
      body: pdf,
    };
  });
}
