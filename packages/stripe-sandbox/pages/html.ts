import type { PageResponse } from '../core/sandbox';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (v: unknown): string => String(v ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

export { formatMoney } from '../payments/money';

export const BASE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1f36;background:#f6f8fa}
a{color:#5433ff}
.banner{background:#ffde92;color:#5a3e00;text-align:center;font-size:13px;padding:6px 12px;font-weight:600}
.wrap{max-width:960px;margin:0 auto;padding:24px 16px;display:grid;gap:32px;grid-template-columns:1fr}
@media (min-width:800px){.wrap{grid-template-columns:1fr 1fr;padding:56px 24px}}
.card{background:#fff;border:1px solid #e3e8ee;border-radius:12px;padding:24px;box-shadow:0 1px 3px rgba(0,0,0,.04)}
h1{font-size:20px;margin:0 0 4px}
h2{font-size:16px;margin:0 0 12px}
.muted{color:#697386;font-size:14px}
.total{font-size:32px;font-weight:700;margin:8px 0 16px;letter-spacing:-.5px}
ul.items{list-style:none;margin:0;padding:0}
ul.items li{display:flex;justify-content:space-between;gap:12px;padding:10px 0;border-top:1px solid #eef1f5}
.row{display:flex;justify-content:space-between;font-weight:600;padding-top:10px;border-top:1px solid #e3e8ee}
label{display:block;font-size:14px;font-weight:500;margin:14px 0 6px;color:#3c4257}
input[type=text],input[type=email]{width:100%;font:inherit;padding:10px 12px;border:1px solid #cfd7df;border-radius:8px;background:#fff;min-height:44px}
input:focus{outline:2px solid #5433ff;outline-offset:1px;border-color:#5433ff}
input[aria-invalid=true]{border-color:#df1b41}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:12px}
fieldset{border:0;margin:14px 0 0;padding:0;min-width:0}
.card-fields,.bank-fields{margin-top:0}
legend{font-size:14px;font-weight:500;color:#3c4257;margin:0 0 6px;padding:0}
.methods{display:flex;gap:8px;margin-top:6px;flex-wrap:wrap}
.methods label{margin:0;display:flex;align-items:center;gap:8px;border:1px solid #cfd7df;border-radius:8px;padding:10px 12px;min-height:44px;cursor:pointer;flex:1}
.methods label:has(input:checked){border-color:#5433ff;box-shadow:0 0 0 1px #5433ff}
form:has(#method-card:checked) .bank-fields{display:none}
form:has(#method-bank:checked) .card-fields{display:none}
button{width:100%;font:inherit;font-weight:600;color:#fff;background:#5433ff;border:0;border-radius:8px;padding:12px;margin-top:20px;min-height:48px;cursor:pointer}
button:disabled{opacity:.6;cursor:progress}
button.secondary{background:#fff;color:#1a1f36;border:1px solid #cfd7df}
.error{background:#fff0f3;border:1px solid #f5b5c3;color:#a41c3a;border-radius:8px;padding:10px 12px;margin:12px 0 0;font-size:14px}
.hint{font-size:13px;color:#697386;margin-top:20px}
.hint code{background:#f1f3f7;border-radius:4px;padding:1px 4px}
.hint summary{cursor:pointer}
.back{display:inline-block;margin-bottom:16px;font-size:14px}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
`;

export function page(title: string, body: string, status = 200): PageResponse {
  return {
    status,
    headers: { 'cache-control': 'no-store' },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${BASE_CSS}</style></head><body><div class="banner" role="note">Test mode · Offline Stripe sandbox — no real money moves</div>${body}</body></html>`,
  };
}

export const redirect = (location: string): PageResponse => ({ status: 303, headers: { location }, body: '' });

export function formBody(raw: string): URLSearchParams {
  return new URLSearchParams(raw);
}
