import type { Sandbox } from '../core/sandbox';
import { completeAuthentication } from '../payments/engine';
import { completeSetupAuthentication, type SetupIntentObject } from '../resources/setup-intents';
import type { ChargeObject, PaymentIntentObject } from '../payments/objects';
import { esc, formBody, formatMoney, page, redirect } from './html';

/** Where the browser goes after the challenge: the confirm call's `return_url`, with Stripe's query. */
function returnTo(sandbox: Sandbox, pi: PaymentIntentObject): string {
  const stored = sandbox.store.internal<string | null>('three_ds_return')[pi.id];
  if (!stored) return `/c/3ds/${pi.id}`;
  const url = new URL(stored, sandbox.config.publicUrl);
  // Checkout's own page needs no query; an integration's return_url gets Stripe's.
  if (!url.pathname.startsWith('/c/pay/') && !url.pathname.startsWith('/i/')) {
    url.searchParams.set('payment_intent', pi.id);
    url.searchParams.set('payment_intent_client_secret', pi.client_secret ?? '');
    url.searchParams.set('redirect_status', pi.status === 'succeeded' ? 'succeeded' : 'failed');
  }
  return url.toString();
}

function setupReturnTo(sandbox: Sandbox, si: SetupIntentObject): string {
  const stored = sandbox.store.internal<string | null>('three_ds_return')[si.id];
  if (!stored) return `/c/3ds/${si.id}`;
  const url = new URL(stored, sandbox.config.publicUrl);
  if (!url.pathname.startsWith('/c/pay/')) {
    url.searchParams.set('setup_intent', si.id);
    url.searchParams.set('setup_intent_client_secret', si.client_secret ?? '');
    url.searchParams.set('redirect_status', si.status === 'succeeded' ? 'succeeded' : 'failed');
  }
  return url.toString();
}

export function registerThreeDsPages(sandbox: Sandbox): void {
  // SetupIntents (setup-mode Checkout, setup_intents.confirm) use the same challenge.
  sandbox.page('GET', '/c/3ds/:pi', ({ params }) => {
    const si = params.pi?.startsWith('seti_') ? sandbox.store.get<SetupIntentObject>('setup_intent', params.pi) : undefined;
    if (si) {
      if (si.status !== 'requires_action') return redirect(setupReturnTo(sandbox, si));
      return page(
        '3D Secure authentication',
        `<main class="wrap"><section class="card" style="grid-column:1/-1;max-width:480px;margin:0 auto;width:100%" aria-labelledby="tds-title">
        <h1 id="tds-title">3D Secure 2 test page</h1>
        <p class="muted">Your bank asks you to confirm saving this card. This is a sandbox challenge: choose the outcome.</p>
        <form method="post" action="/c/3ds/${esc(si.id)}">
          <button type="submit" name="result" value="complete">Complete authentication</button>
          <button type="submit" name="result" value="fail" class="secondary">Fail authentication</button>
        </form>
      </section></main>`,
      );
    }
    const pi = sandbox.store.get<PaymentIntentObject>('payment_intent', params.pi ?? '');
    if (!pi) return page('Not found', '<main class="wrap"><p>Unknown payment.</p></main>', 404);
    if (pi.status !== 'requires_action') return redirect(returnTo(sandbox, pi));
    return page(
      '3D Secure authentication',
      `<main class="wrap"><section class="card" style="grid-column:1/-1;max-width:480px;margin:0 auto;width:100%" aria-labelledby="tds-title">
        <h1 id="tds-title">3D Secure 2 test page</h1>
        <p class="muted">Your bank asks you to confirm a payment of <strong>${esc(formatMoney(pi.amount, pi.currency))}</strong>.
        This is a sandbox challenge: choose the outcome.</p>
        <form method="post" action="/c/3ds/${esc(pi.id)}">
          <button type="submit" name="result" value="complete">Complete authentication</button>
          <button type="submit" name="result" value="fail" class="secondary">Fail authentication</button>
        </form>
      </section></main>`,
    );
  });

  sandbox.page('POST', '/c/3ds/:pi', ({ params, body }) => {
    const si = params.pi?.startsWith('seti_') ? sandbox.store.get<SetupIntentObject>('setup_intent', params.pi) : undefined;
    if (si) {
      if (si.status === 'requires_action') completeSetupAuthentication(sandbox, si, formBody(body).get('result') === 'complete');
      return redirect(setupReturnTo(sandbox, si));
    }
    const pi = sandbox.store.get<PaymentIntentObject>('payment_intent', params.pi ?? '');
    if (!pi) return page('Not found', '<main class="wrap"><p>Unknown payment.</p></main>', 404);
    if (pi.status === 'requires_action') completeAuthentication(sandbox, pi, formBody(body).get('result') === 'complete');
    return redirect(returnTo(sandbox, pi));
  });

  sandbox.page('GET', '/receipts/:charge', ({ params }) => {
    const charge = sandbox.store.get<ChargeObject>('charge', params.charge ?? '');
    if (!charge) return page('Receipt not found', '<main class="wrap"><p>Receipt not found.</p></main>', 404);
    const card = charge.payment_method_details?.card;
    const method = card ? `${esc(card.brand ?? 'card')} •••• ${esc(card.last4)}` : 'Bank account';
    const date = new Date(charge.created * 1000).toISOString().slice(0, 10);
    return page(
      'Receipt',
      `<main class="wrap"><section class="card" style="grid-column:1/-1;max-width:520px;margin:0 auto;width:100%">
        <h1>Receipt from Bursar (sandbox)</h1>
        <p class="total">${esc(formatMoney(charge.amount, charge.currency))}</p>
        <ul class="items">
          <li><span>Date paid</span><span>${esc(date)}</span></li>
          <li><span>Payment method</span><span>${method}</span></li>
          <li><span>Status</span><span>${esc(charge.refunded ? 'Refunded' : charge.status)}</span></li>
          ${charge.amount_refunded > 0 ? `<li><span>Refunded</span><span>${esc(formatMoney(charge.amount_refunded, charge.currency))}</span></li>` : ''}
          <li><span>Reference</span><span>${esc(charge.id)}</span></li>
        </ul>
      </section></main>`,
    );
  });
}
