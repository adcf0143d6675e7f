import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { buyCourse, expect, signInThroughMailbox, test, uniqueEmail } from './fixtures';

// The catalog, course pages and pricing are the same HTML for every visitor (so one cached copy
// serves anonymous and signed-in visitors alike); what depends on the visitor — the header's
// account slot, the past-due banner, "you own this course", "you have All-Access" — is filled in
// from GET /api/visitor, which answers only about the caller (docs/performance.md, "Holes").

const COURSE = 'typography-for-interfaces';
const SHOTS = 'test-results/storefront';
mkdirSync(SHOTS, { recursive: true });
const PAGES = ['/', `/courses/${COURSE}`, '/pricing', '/?category=Design&currency=eur'];

async function signedIn(browser: Browser, email: string, returnTo = '/account'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInThroughMailbox(page, email, returnTo);
  return { context, page };
}

/**
 * The document as the app renders it for this caller (`sec-fetch-dest: empty` passes the page
 * cache, which would answer the visitor with a stored copy), its CSP nonce blanked: the only part
 * that may differ.
 */
async function html(context: BrowserContext, path: string): Promise<string> {
  const response = await context.request.get(path, { headers: { 'sec-fetch-dest': 'empty' } });
  expect(response.status(), path).toBe(200);
  const text = await response.text();
  // The nonce is in attributes and, escaped, in the inlined RSC payload: blank every occurrence.
  const nonce = /nonce="([^"]+)"/.exec(text)?.[1];
  expect(nonce, `${path}: a nonce`).toBeTruthy();
  return text.replaceAll(nonce!, 'NONCE');
}

test('the catalog, a course page and pricing are the same HTML for a visitor, a learner who owns the course, and an admin', async ({ browser }) => {
  test.setTimeout(240_000);
  const learnerEmail = uniqueEmail('holes-owner');
  const learner = await signedIn(browser, learnerEmail);
  await buyCourse(learner.page, COURSE);
  const admin = await signedIn(browser, 'admin-holes@bursar.test', '/admin');
  const anonymous = await browser.newContext();

  for (const path of PAGES) {
    // A page's first render after start streams in another order (data caches cold): warm it,
    // and allow a retry, since streaming order is timing, not the visitor.
    await html(anonymous, path);
    await expect(async () => {
      const reference = await html(anonymous, path);
      expect(reference, `${path}: nothing about a visitor`).not.toContain('@bursar.test');
      expect(await html(learner.context, path), `${path} as the learner`).toBe(reference);
      expect(await html(admin.context, path), `${path} as an admin`).toBe(reference);
    }).toPass({ timeout: 30_000 });
  }

  // In the browser the holes fill in: one request to /api/visitor per page, shared by the header and the panel.
  const asked: string[] = [];
  learner.page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/visitor') asked.push(request.url());
  });
  await learner.page.goto(`/courses/${COURSE}`);
  await expect(learner.page.getByTestId('signed-in-as')).toHaveText(learnerEmail);
  await expect(learner.page.getByTestId('owned')).toContainText('You own this course.');
  await expect(learner.page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
  expect(asked.map((url) => new URL(url).search)).toEqual([`?course=${COURSE}`]);
  for (const width of [1280, 390]) {
    await learner.page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await learner.page.goto('/');
    await expect(learner.page.getByTestId('account-slot')).toHaveAttribute('data-visitor', 'signed-in');
    await learner.page.screenshot({ path: `${SHOTS}/holes-catalog-signed-in-${width}.png`, fullPage: true });
    await learner.page.goto(`/courses/${COURSE}`);
    await expect(learner.page.getByTestId('owned')).toBeVisible();
    await learner.page.screenshot({ path: `${SHOTS}/holes-course-signed-in-${width}.png`, fullPage: true });
  }
  await learner.page.setViewportSize({ width: 1280, height: 900 });

  await admin.page.goto('/');
  await expect(admin.page.getByTestId('account-slot')).toHaveAttribute('data-visitor', 'signed-in');
  await expect(admin.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' })).toBeVisible();
  await admin.page.goto(`/courses/${COURSE}`);
  await expect(admin.page.getByRole('button', { name: 'Buy course' })).toBeVisible();

  const visitor = await anonymous.newPage();
  await visitor.goto(`/courses/${COURSE}`);
  await expect(visitor.getByTestId('account-slot')).toHaveAttribute('data-visitor', 'anonymous');
  await expect(visitor.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(visitor.getByRole('button', { name: 'Buy course' })).toBeVisible();

  // Signing out on the catalog redirects to the catalog: the header asks again.
  await learner.page.goto('/');
  await learner.page.getByRole('button', { name: 'Sign out' }).click();
  await expect(learner.page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(learner.page.getByTestId('signed-in-as')).toHaveCount(0);

  for (const context of [learner.context, admin.context, anonymous]) await context.close();
});

test('/api/visitor answers each caller about themselves only, never cached', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const ownerEmail = uniqueEmail('holes-api-owner');
  const owner = await signedIn(browser, ownerEmail);
  await buyCourse(owner.page, COURSE);
  const otherEmail = uniqueEmail('holes-api-other');
  const other = await signedIn(browser, otherEmail);
  const anonymous = await browser.newContext();

  const ask = async (context: BrowserContext, query = `?course=${COURSE}`) => {
    const response = await context.request.get(`/api/visitor${query}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['cache-control']).toContain('no-store');
    return { text: await response.text(), json: await response.json() };
  };

  expect((await ask(anonymous)).json).toEqual({ signedIn: false });
  const mine = await ask(owner.context);
  expect(mine.json).toMatchObject({ signedIn: true, email: ownerEmail, isAdmin: false, allAccess: false, pastDue: null });
  expect(mine.json.course).toEqual({ slug: COURSE, access: 'owned', started: false, refunded: false });
  const theirs = await ask(other.context);
  expect(theirs.json).toMatchObject({ signedIn: true, email: otherEmail, course: { slug: COURSE, access: 'none' } });
  expect(theirs.text).not.toContain(ownerEmail);
  // Unknown or malformed courses are simply not described.
  expect((await ask(owner.context, '?course=no-such-course')).json.course).toBeNull();
  expect((await ask(owner.context, '?course=../admin')).json.course).toBeNull();
  // A forged session cookie is nobody.
  const forged = await browser.newContext();
  await forged.addCookies([{ name: 'authjs.session-token', value: 'forged', url: baseURL! }]);
  expect((await ask(forged)).json).toEqual({ signedIn: false });

  for (const context of [owner.context, other.context, anonymous, forged]) await context.close();
});
