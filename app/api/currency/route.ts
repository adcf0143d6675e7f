import { type NextRequest, NextResponse } from 'next/server';
import { CURRENCY_COOKIE, parseStoreCurrency } from '@/lib/catalog/currency';
import { safeReturnPath } from '@/lib/http/safe-return-path';

/**
 * Saves the visitor's currency and sends them back. A plain link (no JavaScript needed);
 * an unknown currency is a 400 and changes nothing.
 */
export function GET(request: NextRequest) {
  const currency = parseStoreCurrency(request.nextUrl.searchParams.get('code'));
  if (!currency) {
    return NextResponse.json({ error: { code: 'invalid_currency', message: 'Choose usd, eur or jpy.' } }, { status: 400 });
  }
  // A relative Location: the browser stays on the host it used, so the cookie it just got
  // applies (behind proxies the server's idea of its own host can differ from the browser's).
  const target = new URL(safeReturnPath(request.nextUrl.searchParams.get('returnTo'), '/'), 'http://relative.invalid');
  target.searchParams.delete('currency');
  const response = new NextResponse(null, { status: 303, headers: { Location: target.pathname + target.search } });
  response.cookies.set(CURRENCY_COOKIE, currency, { path: '/', maxAge: 60 * 60 * 24 * 365, sameSite: 'lax', httpOnly: true });
  return response;
}
