import type { StoredEvent } from '../core/events';
import type { Sandbox } from '../core/sandbox';
import type { StoredObject } from '../core/store';
import { esc, page } from '../pages/html';

const time = (s: number | undefined) => (s ? new Date(s * 1000).toISOString().replace('T', ' ').slice(0, 19) : '');

function describe(o: StoredObject & Record<string, unknown>): string {
  const bits: string[] = [];
  for (const key of ['status', 'name', 'email', 'amount', 'currency', 'mode', 'payment_status', 'lookup_key']) {
    const v = o[key];
    if (v !== null && v !== undefined && typeof v !== 'object') bits.push(`${key}: ${String(v)}`);
  }
  return bits.join(' · ');
}

const button = (action: string, label: string, fields: Record<string, string> = {}) =>
  `<form method="post" action="${esc(action)}" style="display:inline">${Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('')}<button type="submit" class="mini">${esc(label)}</button></form>`;

const CSS = `
main{max-width:1200px;margin:0 auto;padding:24px 16px}
table{width:100%;border-collapse:collapse;font-size:13px;background:#fff;margin-bottom:28px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eef1f5;vertical-align:top;word-break:break-all}
th{background:#f1f3f7;font-weight:600}
td:last-child{white-space:nowrap}
.mini{width:auto;min-height:0;margin:0 4px 0 0;padding:3px 8px;font-size:12px;border-radius:6px}
nav a{margin-right:12px;font-size:14px}
.pill{display:inline-block;padding:0 6px;border-radius:6px;background:#eef1f5}
.ok{background:#d7f7c2}.bad{background:#ffe0e6}
`;

/** `/_sandbox`: what the sandbox holds, what it emitted and what it delivered. */
export function registerDashboard(sandbox: Sandbox): void {
  sandbox.page('GET', '/_sandbox', ({ query }) => {
    const { store } = sandbox;
    const collections = Object.keys(store.state.objects).filter((c) => c !== 'event').sort();
    const type = query.get('type');
    const shown = type && collections.includes(type) ? [type] : collections;
    const nav = collections
      .map((c) => `<a href="/_sandbox?type=${encodeURIComponent(c)}">${esc(c)} (${Object.keys(store.state.objects[c] ?? {}).length})</a>`)
      .join('');
    const objectRows = shown
      .flatMap((c) => store.all<StoredObject & Record<string, unknown>>(c).slice(0, type ? 200 : 8))
      .map((o) => {
        const actions =
          o.object === 'payment_intent' && o.status === 'processing'
            ? button(`/_sandbox/payment_intents/${o.id}/settle`, 'Settle', { outcome: 'succeed' }) +
              button(`/_sandbox/payment_intents/${o.id}/settle`, 'Fail', { outcome: 'fail' })
            : o.object === 'dispute' && (o.status === 'needs_response' || o.status === 'under_review')
              ? button(`/_sandbox/disputes/${o.id}/close`, 'Win', { outcome: 'won' }) +
                button(`/_sandbox/disputes/${o.id}/close`, 'Lose', { outcome: 'lost' })
            : o.object === 'test_helpers.test_clock' && o.status === 'ready'
              ? button(`/_sandbox/test_clocks/${o.id}/advance`, '+1 day', { seconds: '86400' }) +
                button(`/_sandbox/test_clocks/${o.id}/advance`, '+1 month', { seconds: String(31 * 86400) })
            : o.object === 'invoice' && typeof o.hosted_invoice_url === 'string'
              ? `<a href="${esc(o.hosted_invoice_url)}">hosted page</a>`
            : o.object === 'billing_portal.session' && typeof o.url === 'string'
              ? `<a href="${esc(o.url)}">open portal</a>`
            : o.object === 'refund' && o.status === 'pending'
              ? button(`/_sandbox/refunds/${o.id}/settle`, 'Settle')
              : o.object === 'checkout.session' && typeof o.url === 'string'
                ? `<a href="${esc(o.url)}">open</a>`
                : '';
        return `<tr><td>${esc(o.object)}</td><td><a href="/_sandbox/objects/${encodeURIComponent(o.object)}">${esc(o.id)}</a></td><td>${esc(time(o.created))}</td><td>${esc(describe(o))}</td><td>${actions}</td></tr>`;
      })
      .join('');
    const events = store
      .all<StoredEvent>('event')
      .slice(0, 50)
      .map(
        (e) =>
          `<tr><td>${esc(time(e.created))}</td><td>${esc(e.type)}</td><td>${esc(e.id)}</td><td>${esc((e.data.object as { id?: string }).id ?? '')}</td><td>${e.pending_webhooks}</td><td>${button(`/_sandbox/events/${e.id}/redeliver`, 'Redeliver')}</td></tr>`,
      )
      .join('');
    const deliveries = store.state.deliveries
      .slice(-50)
      .reverse()
      .map((d) => {
        const last = d.attempts[d.attempts.length - 1];
        const cls = d.status === 'succeeded' ? 'ok' : d.status === 'failed' ? 'bad' : '';
        return `<tr><td>${esc(d.eventType)}</td><td>${esc(d.eventId)}</td><td>${esc(d.url)}</td><td><span class="pill ${cls}">${esc(d.status)}</span></td><td>${d.attempts.length}</td><td>${esc(last ? (last.error ?? String(last.status)) : '')}</td></tr>`;
      })
      .join('');
    const paused = sandbox.webhooks.paused
      ? `<p class="error">Webhook delivery is paused. ${button('/_sandbox/webhooks/resume', 'Resume')}</p>`
      : '';
    return page(
      'Stripe sandbox',
      `<style>${CSS}</style><main>
        <h1>Stripe sandbox</h1>
        <p class="muted">API at <code>${esc(sandbox.config.publicUrl)}/v1</code> · ${button('/_sandbox/reset', 'Reset all state')}</p>
        ${paused}
        <nav aria-label="Object types"><a href="/_sandbox">all</a>${nav}</nav>
        <h2 style="margin-top:20px">Objects${type ? `: ${esc(type)}` : ' (latest per type)'}</h2>
        <table><thead><tr><th>type</th><th>id</th><th>created</th><th>summary</th><th></th></tr></thead><tbody>${objectRows}</tbody></table>
        <h2>Events (latest 50)</h2>
        <table><thead><tr><th>created</th><th>type</th><th>id</th><th>object</th><th>pending</th><th></th></tr></thead><tbody>${events}</tbody></table>
        <h2>Webhook deliveries (latest 50)</h2>
        <table><thead><tr><th>event</th><th>event id</th><th>url</th><th>status</th><th>attempts</th><th>last result</th></tr></thead><tbody>${deliveries}</tbody></table>
      </main>`,
    );
  });
}
