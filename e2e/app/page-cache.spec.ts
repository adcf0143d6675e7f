import { expect, signInThroughMailbox, test, uniqueEmail } from './fixtures';

// The page cache (lib/http/page-cache.ts, proxy.ts): the catalog, course pages and /pricing are
// rendered once and served from memory — with a fresh nonce on every answer, per currency, never
// to a signed-in visitor while their pages differ, and never with a value meant for one visitor.

const COURSE = '/courses/sql-for-analysts';
const nonceOf = (csp: string | undefined) => /'nonce-([^']+)'/.exec(csp ?? '')?.[1];

test('a cached page answers with a fresh nonce each time, in the header and on every script alike', async ({ request }) => {
  const seen = new Set<string>();
  let statuses: string[] = [];
  for (let i = 0; i < 3; i++) {
    const response = await request.get(COURSE);
    expect(response.status()).toBe(200);
    statuses.push(response.headers()['x-bursar-page-cache'] ?? 'none');
    const nonce = nonceOf(response.headers()['content-security-policy']);
    expect(nonce).toBeTruthy();
    const html = await response.text();
    const onScripts = [...html.matchAll(/<script[^>]*\snonce="([^"]+)"/g)].map((m) => m[1]);
    expect(onScripts.length).toBeGreaterThan(0);
    expect(new Set(onScripts)).toEqual(new Set([nonce]));
    for (const earlier of seen) expect(html).not.toContain(earlier);
    seen.add(nonce!);
  }
  expect(seen.size).toBe(3);
  statuses = statuses.slice(1);
  expect(statuses).toEqual(['hit', 'hit']);
});

const monthly = (html: string) => /data-testid="plan-price-month">([^<]+)</.exec(html)?.[1];

test('each currency has its own page; the currency parameter and the saved choice share it', async ({ baseURL }) => {
  const usd = await (await fetch(`${baseURL}/pricing`)).text();
  const eurByQuery = await fetch(`${baseURL}/pricing?currency=eur`);
  const eurByCookie = await fetch(`${baseURL}/pricing`, { headers: { cookie: 'bursar_currency=eur' } });
  expect(eurByCookie.headers.get('x-bursar-page-cache')).toBe('hit');
  const [eurQueryHtml, eurCookieHtml] = await Promise.all([eurByQuery.text(), eurByCookie.text()]);
  expect(monthly(usd)).toMatch(/^\$/);
  expect(monthly(eurQueryHtml)).toMatch(/^€/);
  expect(monthly(eurCookieHtml)).toBe(monthly(eurQueryHtml));
});

test('the Buy form carries no attempt id made at render: two visitors of one cached page never share one', async ({ request }) => {
  await request.get(COURSE);
  const response = await request.get(COURSE);
  expect(response.headers()['x-bursar-page-cache']).toBe('hit');
  const html = await response.text();
  expect(html).toContain('Buy course');
  expect(html).not.toMatch(/name="attemptId"/);
  expect(html).not.toMatch(/"attemptId"/);
});

test('client-side navigations, searches and action posts are rendered, not served from the cache', async ({ request, baseURL }) => {
  await request.get('/');
  const rsc = await fetch(`${baseURL}/`, { headers: { rsc: '1' } });
  expect(rsc.headers.get('x-bursar-page-cache')).toBeNull();
  const search = await fetch(`${baseURL}/?q=sql`);
  expect(search.headers.get('x-bursar-page-cache')).toBeNull();
  // A visitor cannot ask for a render that skips the cache by naming the marker.
  const forged = await fetch(`${baseURL}/`, { headers: { 'x-bursar-page-render': 'guess' } });
  expect(forged.headers.get('x-bursar-page-cache')).toBe('hit');
});

test('a signed-in visitor gets the cached document, and their own state from /api/visitor', async ({ page, baseURL }) => {
  // Each answer's own nonce, wherever it occurs (attributes and the inlined payload), blanked.
  const blankNonce = (html: string, csp: string | null | undefined) => html.split(nonceOf(csp ?? '')!).join('NONCE');
  const anonymous = await fetch(`${baseURL}/pricing`);
  const anonymousHtml = blankNonce(await anonymous.text(), anonymous.headers.get('content-security-policy'));
  const email = uniqueEmail('cached');
  await signInThroughMailbox(page, email);
  const response = await page.request.get('/pricing');
  expect(response.headers()['x-bursar-page-cache']).toBe('hit');
  const html = blankNonce(await response.text(), response.headers()['content-security-policy']);
  expect(html).toBe(anonymousHtml);
  expect(html).not.toContain(email);
  await page.goto('/pricing');
  await expect(page.getByRole('navigation', { name: 'Main' })).toContainText(email);
});

test('an unknown course is a 404 with a matching title, from the same one render', async ({ request }) => {
  const response = await request.get('/courses/no-such-course-here');
  expect(response.status()).toBe(404);
  expect(response.headers()['x-bursar-page-cache']).toBe('bypass');
  const html = await response.text();
  expect(html).toContain('Page not found');
  const nonce = nonceOf(response.headers()['content-security-policy']);
  expect(html).toContain(`nonce="${nonce}"`);
});

test('a link between cached pages is a client-side navigation, not a reload', async ({ page }) => {
  await page.goto('/');
  await page.goto('/'); // served from the cache this time
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'All-Access' }).click();
  await expect(page).toHaveURL(/\/pricing$/);
  await expect(page.getByTestId('plan-price-month')).toBeVisible();
  // An RSC request answered with a cached HTML document would make Next reload the page.
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
});
