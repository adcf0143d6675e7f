import { randomUUID } from 'node:crypto';
import type { APIRequestContext, APIResponse, Browser, BrowserContext, Page } from '@playwright/test';
import { ACTIONS, type ActionOutcome, type Fixtures, type PageOutcome, ROLES, type Role, ROUTES } from './authz/matrix';
import { listAppRoutes, listServerActions, listSourceActions } from './authz/route-tree';
import { buyCourse, expect, payWithCard, signInThroughMailbox, test, uniqueEmail } from './fixtures';

// The authorization matrix (issue "Safe to deploy"): every route and every server action ×
// anonymous, learner, another learner, admin. Server actions are called the way an attacker
// would: by id, posted to the home page (not the page that renders them, so the proxy's
// redirect of signed-out visitors cannot hide a missing check in the action itself).

test('every route and every server action has an entry in the matrix', () => {
  const patterns = [...new Set(listAppRoutes().map((route) => route.pattern))].sort();
  expect(Object.keys(ROUTES).sort(), 'routes under app/ vs. ROUTES in e2e/app/authz/matrix.ts').toEqual(patterns);
  const built = listServerActions().map((action) => action.key);
  expect(Object.keys(ACTIONS).sort(), 'server actions in the build vs. ACTIONS in e2e/app/authz/matrix.ts').toEqual(built);
  expect(listSourceActions(), '"use server" exports in the source vs. the build').toEqual(built);
});

type Caller = { context: BrowserContext; request: APIRequestContext };

async function signedInCaller(browser: Browser, email: string, returnTo = '/account'): Promise<Caller & { page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInThroughMailbox(page, email, returnTo);
  return { context, page, request: context.request };
}

/** The learner's things, made through the real flows: a course, its receipt, a subscription, mail. */
async function ownedThings(page: Page, email: string): Promise<Fixtures> {
  const courseSlug = 'typography-for-interfaces';
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  const messageHref = await page.getByRole('link', { name: /Sign in to Bursar/ }).first().getAttribute('href');
  const mailboxMessageId = /\/dev\/mailbox\/([0-9a-f-]{36})/.exec(messageHref ?? '')?.[1];

  await buyCourse(page, courseSlug);
  const checkoutSessionId = new URL(page.url()).searchParams.get('session_id');

  const lessonPath = `/learn/${courseSlug}/3`;
  await page.goto(lessonPath);
  const lessonId = await page.locator('input[name="lessonId"]').inputValue();

  await page.goto('/account/purchases');
  const receiptHref = await page.getByRole('link', { name: /Receipt/ }).first().getAttribute('href');
  const receiptId = /\/account\/receipts\/([^/?#]+)/.exec(receiptHref ?? '')?.[1];

  await page.goto('/pricing');
  await page.getByRole('button', { name: 'Subscribe monthly' }).click();
  await payWithCard(page, '4242 4242 4242 4242');
  await expect(page.getByText('All-Access is active')).toBeVisible();
  await page.goto('/account/subscription?confirm=cancel');
  const subscriptionId = await page.locator('input[name="subscriptionId"]').first().inputValue();

  const session = (await (await page.request.get('/api/auth/session')).json()) as { user?: { id?: string } };
  const learnerId = session.user?.id;

  const fixtures = { courseSlug, lessonPath, lessonId, receiptId, checkoutSessionId, subscriptionId, mailboxMessageId, learnerId };
  for (const [name, value] of Object.entries(fixtures)) expect(value, `fixture ${name}`).toBeTruthy();
  return fixtures as Fixtures;
}

async function checkPage(response: APIResponse, outcome: PageOutcome, cell: string): Promise<void> {
  if (outcome === 'sign-in' || 'redirect' in outcome) {
    expect.soft([302, 303, 307, 308], `${cell}: a redirect`).toContain(response.status());
    const location = new URL(response.headers().location ?? '', 'http://relative.invalid');
    if (outcome === 'sign-in') expect.soft(`${location.pathname}${location.search}`, `${cell}: to sign in and back`).toMatch(/^\/sign-in\?callbackUrl=%2F/);
    else expect.soft(location.pathname, `${cell}: redirect`).toBe(outcome.redirect);
    return;
  }
  expect.soft(response.status(), cell).toBe(outcome.status);
  if (outcome.contains) expect.soft(await response.text(), `${cell}: body`).toContain(outcome.contains);
}

/**
 * Posts a server action by id, as the React client does: the form's fields as `_1_<name>`,
 * then field `0` holding the arguments [previous state, form $K1]. Encoded by hand because
 * the order matters (React builds the form from the fields seen before `0`).
 */
function callAction(request: APIRequestContext, baseURL: string, id: string, fields: Record<string, string>): Promise<APIResponse> {
  const boundary = `----bursar${randomUUID().replace(/-/g, '')}`;
  const parts = [...Object.entries(fields).map(([name, value]) => [`_1_${name}`, value] as const), ['0', JSON.stringify([{}, '$K1'])] as const];
  const body = parts.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('') + `--${boundary}--\r\n`;
  return request.post('/', {
    headers: { 'next-action': id, accept: 'text/x-component', origin: baseURL, 'content-type': `multipart/form-data; boundary=${boundary}` },
    data: Buffer.from(body, 'utf8'),
    maxRedirects: 0,
  });
}

async function checkAction(response: APIResponse, outcome: ActionOutcome, where: string): Promise<void> {
  // The RSC answer is several lines; the result is the last one.
  const body = (await response.text()).trim().split('\n').at(-1) ?? '';
  const cell = `${where} → ${body.slice(0, 300)}`;
  if (outcome === 'forbidden') {
    // Next 16 sets 403 on the response, but an action posted to a page whose render streams
    // (a loading boundary) answers 200 with the 403 fallback as the action's result. Either
    // way the admin layer refused and the action's code never ran (no data, no validation).
    if (response.status() !== 403) expect.soft(body, cell).toContain('"digest":"NEXT_HTTP_ERROR_FALLBACK;403"');
    expect.soft(body, `${cell}: nothing ran`).not.toMatch(/"data"|"validationErrors"/);
    return;
  }
  if (outcome === 'redirect') {
    expect.soft(response.headers()['x-action-redirect'] ?? String(response.status()), cell).toMatch(/^\/|^303$/);
    return;
  }
  expect.soft(response.status(), `${cell}: status`).toBe(200);
  if (outcome === 'sign-in') expect.soft(body, cell).toContain('"serverError":"Please sign in again."');
  else if (outcome === 'validated') {
    expect.soft(body, cell).toContain('"validationErrors"');
    expect.soft(body, `${cell}: nothing ran`).not.toContain('"data"');
  } else expect.soft(body, cell).toContain(`"serverError":${JSON.stringify(outcome.refused)}`);
}

test('each caller gets exactly what the matrix says, and nothing changes', async ({ browser, baseURL }) => {
  test.setTimeout(300_000);
  const learnerEmail = uniqueEmail('authz-owner');
  const learner = await signedInCaller(browser, learnerEmail);
  const fixtures = await ownedThings(learner.page, learnerEmail);
  const otherLearner = await signedInCaller(browser, uniqueEmail('authz-other'));
  const admin = await signedInCaller(browser, 'admin-authz@bursar.test', '/admin');
  const anonymousContext = await browser.newContext();
  const callers: Record<Role, Caller> = {
    anonymous: { context: anonymousContext, request: anonymousContext.request },
    learner,
    otherLearner,
    admin,
  };
  // Anonymous action calls carry a forged session cookie: it gets them past the proxy's
  // cookie-presence gate (Next forwards an action to the page that owns it, through the
  // proxy), so what answers is the action's own check.
  const forged = await browser.newContext();
  await forged.addCookies([{ name: 'authjs.session-token', value: randomUUID(), url: baseURL! }]);
  const actionCallers: Record<Role, Caller> = { ...callers, anonymous: { context: forged, request: forged.request } };

  for (const [pattern, entry] of Object.entries(ROUTES)) {
    const { method = 'GET', path, headers, body } = entry.request(fixtures);
    for (const role of ROLES) {
      const response = await callers[role].request.fetch(path, { method, headers, data: body, maxRedirects: 0 });
      await checkPage(response, entry.expect[role], `${method} ${pattern} (${path}) as ${role}`);
    }
  }

  const ids = new Map(listServerActions().map((action) => [action.key, action.id]));
  const signOut = 'lib/auth/actions.ts#signOutAction';
  for (const [key, entry] of Object.entries(ACTIONS)) {
    if (key === signOut) continue;
    const id = ids.get(key);
    expect(id, `${key} is in the build`).toBeTruthy();
    for (const role of ROLES) {
      const outcome = entry.expect[role];
      const fields = role === 'otherLearner' && entry.otherLearnerInput ? entry.otherLearnerInput(fixtures, randomUUID()) : entry.invalid;
      await checkAction(await callAction(actionCallers[role].request, baseURL!, id!, fields), outcome, `${key} as ${role}`);
    }
  }

  // Nothing any of that did reached the learner's things.
  await learner.page.goto('/account/subscription');
  await expect(learner.page.getByTestId('subscription-status')).toContainText('Renews automatically on');
  await learner.page.goto(fixtures.lessonPath);
  await expect(learner.page.getByRole('button', { name: 'Mark complete' })).toBeVisible();
  await learner.page.goto('/account/profile');
  await expect(learner.page.getByLabel('Name')).not.toHaveValue(/\u0000/);

  // Last, because it ends the sessions: sign-out is open to everyone.
  for (const role of ROLES) {
    await checkAction(await callAction(actionCallers[role].request, baseURL!, ids.get(signOut)!, {}), ACTIONS[signOut]!.expect[role], `${signOut} as ${role}`);
  }
  const session = await (await learner.request.get('/api/auth/session')).json();
  expect(session).toBeNull();
  for (const caller of Object.values(actionCallers)) await caller.context.close();
  await anonymousContext.close();
});
