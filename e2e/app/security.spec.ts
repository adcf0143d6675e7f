import { randomUUID } from 'node:crypto';
import { listServerActions } from './authz/route-tree';
import { expect, payWithCard, signInThroughMailbox, test, uniqueEmail } from './fixtures';

// Attacks tried from the outside against the production build (issue "Safe to deploy").

test('the demo mailbox shows a browser only the mail it asked for', async ({ page, browser }) => {
  const victim = uniqueEmail('victim');
  await signInThroughMailbox(page, victim);
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(victim)}`);
  await page.getByRole('link', { name: /Sign in to Bursar/ }).first().click();
  await page.waitForURL(/\/dev\/mailbox\/[0-9a-f-]{36}$/);
  const messageUrl = page.url();

  // Another browser: no cookie binding, so neither the list nor the message shows.
  const stranger = await browser.newContext();
  const other = await stranger.newPage();
  await other.goto('/dev/mailbox');
  await expect(other.getByText('The mailbox is empty')).toBeVisible();
  await other.goto(`/dev/mailbox?to=${encodeURIComponent(victim)}`);
  await expect(other.getByText('The mailbox is empty')).toBeVisible();
  expect((await other.goto(messageUrl))?.status()).toBe(404);
  // A forged binding cookie is ignored.
  await stranger.addCookies([{ name: 'bursar_mailbox', value: 'W3siZW1haWwiOiJ4In1d.forged', url: messageUrl }]);
  expect((await other.goto(messageUrl))?.status()).toBe(404);

  // Asking a link for the victim's address binds only what is sent from then on: the
  // stranger sees the new link, never the earlier mail.
  await other.goto('/sign-in');
  await other.getByLabel('Email address').fill(victim);
  await other.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(other.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await other.goto('/dev/mailbox');
  await expect(other.getByRole('list', { name: 'Messages' }).getByRole('listitem')).toHaveCount(1);
  expect((await other.goto(messageUrl))?.status()).toBe(404);
  await stranger.close();
});

test('sign-in links and Auth.js URLs come from APP_URL, whatever Host or X-Forwarded-Host say', async ({ page, baseURL }) => {
  const forged = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
  const providers = await (await page.request.get('/api/auth/providers', { headers: forged })).json();
  // Next.js spells a loopback APP_URL (127.0.0.1 here) as localhost in request URLs; on a
  // real domain this is APP_URL exactly. Either way, never the forged host.
  const signin = new URL(providers.email.signinUrl);
  const app = new URL(baseURL!);
  expect(signin.hostname === app.hostname || signin.hostname === 'localhost').toBe(true);
  expect([signin.protocol, signin.port, signin.pathname]).toEqual([app.protocol, app.port, '/api/auth/signin/email']);

  // A sign-in request carrying a forged X-Forwarded-Host: Next.js refuses the server action
  // outright (its origin check), so no link to the forged host is ever sent.
  const email = uniqueEmail('forged-host');
  await page.goto('/sign-in');
  await page.route('**/sign-in', (route) => route.continue({ headers: { ...route.request().headers(), 'x-forwarded-host': 'evil.example' } }));
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toHaveCount(0);
  await page.unroute('**/sign-in');
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  await expect(page.getByText('The mailbox is empty')).toBeVisible();

  // The link that is sent points at APP_URL.
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  await page.getByRole('link', { name: /Sign in to Bursar/ }).first().click();
  const href = await page.frameLocator('iframe[title="Message body"]').getByRole('link', { name: 'Sign in', exact: true }).getAttribute('href');
  expect(new URL(href!).origin).toBe(baseURL);
});

test('a sign-in action posted by hand with a forged Host, X-Forwarded-Host and a matching Origin still emails a link to APP_URL', async ({ page, baseURL }) => {
  // Next.js's action origin check compares Origin with (X-Forwarded-)Host, so an attacker who
  // forges all three consistently gets the action to run: the link must still be APP_URL's.
  const id = listServerActions().find((action) => action.key === 'lib/auth/actions.ts#requestSignInLink')?.id;
  expect(id).toBeTruthy();
  const email = uniqueEmail('forged-origin');
  const boundary = `----bursar${randomUUID().replace(/-/g, '')}`;
  const fields: [string, string][] = [['_1_email', email], ['_1_callbackUrl', '/account'], ['0', JSON.stringify([{}, '$K1'])]];
  const body = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('') + `--${boundary}--\r\n`;
  const response = await page.request.post('/sign-in', {
    headers: {
      'next-action': id!,
      accept: 'text/x-component',
      host: 'evil.example',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
      origin: 'https://evil.example',
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    data: Buffer.from(body, 'utf8'),
    maxRedirects: 0,
  });
  expect(response.status()).toBeLessThan(500);
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  await page.getByRole('link', { name: /Sign in to Bursar/ }).first().click();
  const frame = page.frameLocator('iframe[title="Message body"]');
  const href = await frame.getByRole('link', { name: 'Sign in', exact: true }).getAttribute('href');
  expect(new URL(href!).origin).toBe(baseURL);
  await expect(frame.getByText('evil.example')).toHaveCount(0);
});

test("Auth.js's own email endpoint cannot be used to bypass the sign-in form", async ({ page }) => {
  const csrf = await (await page.request.get('/api/auth/csrf')).json();
  const response = await page.request.post('/api/auth/signin/email', { form: { csrfToken: csrf.csrfToken, email: uniqueEmail('direct') } });
  expect(response.status()).toBe(404);
  expect(await response.json()).toMatchObject({ error: { code: 'use_sign_in_form' } });
});

test('a new link invalidates the older ones, and a flood is refused with a clear wait', async ({ page }) => {
  const email = uniqueEmail('flood');
  const ask = async () => {
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  };
  await ask();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  await page.getByRole('link', { name: /Sign in to Bursar/ }).first().click();
  const firstLink = await page.frameLocator('iframe[title="Message body"]').getByRole('link', { name: 'Sign in', exact: true }).getAttribute('href');

  for (let i = 0; i < 4; i += 1) {
    await ask();
    await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  }
  // The sixth within 15 minutes: refused on the form, nothing sent.
  await ask();
  await expect(page.getByRole('alert').filter({ hasText: /Too many sign-in links asked for this address\. Try again in \d+ minutes?\./ })).toBeVisible();
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  await expect(page.getByRole('link', { name: /Sign in to Bursar/ })).toHaveCount(5);

  // The first link no longer signs in.
  await page.goto(firstLink!);
  await expect(page).toHaveURL(/\/sign-in\?error=Verification/);
  const session = await (await page.request.get('/api/auth/session')).json();
  expect(session).toBeNull();
});

test('return paths that browsers would turn into another host fall back to our own pages', async ({ page, baseURL }) => {
  const email = uniqueEmail('redirect');
  await signInThroughMailbox(page, email);
  for (const attack of ['/\t/evil.example', '/%09/evil.example', '//evil.example', '/\\evil.example', 'https://evil.example/']) {
    await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(attack)}`);
    expect(new URL(page.url()).origin).toBe(baseURL);
  }
  const response = await page.request.get(`/api/currency?code=eur&returnTo=${encodeURIComponent('/\t/evil.example')}`, { maxRedirects: 0 });
  expect(response.status()).toBe(303);
  expect(response.headers().location).toBe('/');
});

test('crafted return paths (NUL, control or non-ASCII characters, broken escapes) get the fallback, never a 500', async ({ page, baseURL }) => {
  const crafted = ['/\u0000account', '/%00account', '/caf\u00e9', '/\u2028evil', '/%E0%A4%A', '\u0007/x', '/account\r\nSet-Cookie: x=1'];
  // Anonymous: the sign-in page renders; its form carries the value only as a hint.
  for (const value of crafted) {
    const response = await page.request.get(`/sign-in?callbackUrl=${encodeURIComponent(value)}`);
    expect(response.status(), JSON.stringify(value)).toBe(200);
  }
  // A raw, badly escaped query string too.
  expect((await page.request.get('/sign-in?callbackUrl=%E0%A4%A')).status()).toBe(200);
  // Signed in: the sign-in page sends them on, to our own origin.
  await signInThroughMailbox(page, uniqueEmail('crafted'));
  for (const value of crafted) {
    const response = await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(value)}`);
    expect(response?.status(), JSON.stringify(value)).toBeLessThan(500);
    expect(new URL(page.url()).origin).toBe(baseURL);
  }
});

test('the session endpoint exposes no token and no user row', async ({ page }) => {
  const email = uniqueEmail('session');
  await signInThroughMailbox(page, email);
  const session = await (await page.request.get('/api/auth/session')).json();
  expect(Object.keys(session).sort()).toEqual(['expires', 'user']);
  expect(Object.keys(session.user).sort()).toEqual(['email', 'id', 'name', 'role']);
  expect(session.user).toMatchObject({ email, role: 'learner' });
  expect(JSON.stringify(session)).not.toMatch(/sessionToken|emailPreferences|phone/);
});

test('every page and API route carries the security headers, with a fresh script nonce', async ({ page }) => {
  const seen = new Set<string>();
  for (const path of ['/', '/courses/sql-for-analysts', '/sign-in', '/api/health', '/dev/mailbox', '/account']) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    const headers = response.headers();
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
    expect(headers['permissions-policy'], path).toContain('camera=()');
    const csp = headers['content-security-policy'] ?? '';
    expect(csp, path).toContain("frame-ancestors 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce, path).toBeTruthy();
    seen.add(nonce!);
    // Plain http here: no HSTS (it is sent when APP_URL is https).
    expect(headers['strict-transport-security'], path).toBeUndefined();
  }
  expect(seen.size).toBe(6);

  // The webhook routes answer JSON, never a page (the proxy answers Stripe's deliveries before
  // any route runs, Twilio's route sets its own): the same headers, with a policy that loads
  // nothing — also on a refusal.
  for (const path of ['/api/webhooks/stripe', '/api/webhooks/twilio']) {
    const response = await page.request.post(path, { data: '{}', headers: { 'content-type': 'application/json' } });
    expect(response.status(), path).toBeGreaterThanOrEqual(400);
    const headers = response.headers();
    expect(headers['content-security-policy'], path).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
    expect(headers['permissions-policy'], path).toContain('camera=()');
  }

  // The page still works under the policy: its scripts run (the currency switcher hydrates)
  // and nothing was blocked.
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  // The browser hides nonce attributes from the DOM; the markup carries them.
  const html = await (await page.request.get('/courses/sql-for-analysts')).text();
  expect(html).toMatch(/<script[^>]+nonce="[^"]+"/);
  await page.goto('/courses/sql-for-analysts');
  await signInThroughMailbox(page, uniqueEmail('csp'));
  expect(violations).toEqual([]);
});

test('two tabs: starting a second Checkout expires the first, so one course is paid once', async ({ page, context }) => {
  await signInThroughMailbox(page, uniqueEmail('two-tabs'));
  await page.goto('/courses/pricing-your-software');
  await page.getByRole('button', { name: 'Buy course' }).click();
  await expect(page.getByLabel('Card number')).toBeVisible();

  const second = await context.newPage();
  await second.goto('/courses/pricing-your-software');
  await second.getByRole('button', { name: 'Buy course' }).click();
  await payWithCard(second, '4242 4242 4242 4242');
  await expect(second.getByRole('heading', { name: "You're enrolled — start learning" })).toBeVisible();

  // The old tab's session was expired at Stripe when the second one started.
  await page.reload();
  await expect(page.getByText(/expired|no longer available/i).first()).toBeVisible();
  await page.goto('/account/purchases');
  await expect(page.getByTestId('purchase')).toHaveCount(1);
});
