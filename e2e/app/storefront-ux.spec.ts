import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, payWithCard, signInThroughMailbox, test, uniqueEmail } from './fixtures';

// The path from browsing to learning (issue 15), seen at desktop and phone widths. Screenshots
// of each state land in test-results/storefront/ to be looked at.

const SHOTS = 'test-results/storefront';
mkdirSync(SHOTS, { recursive: true });
async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}-${page.viewportSize()?.width}.png`, fullPage: true });
}

test('Buy as a visitor: the sign-in page names the course, and signing in goes straight on to Checkout', async ({ page }) => {
  const email = uniqueEmail('buy-then-sign-in');
  await page.goto('/courses/design-systems-from-first-principles');
  await page.getByRole('complementary', { name: 'Purchase' }).getByRole('navigation', { name: 'Currency' }).getByRole('link', { name: 'EUR €' }).click();
  await page.getByRole('button', { name: 'Buy course' }).click();

  await expect(page.getByRole('heading', { name: 'Sign in to continue to checkout' })).toBeVisible();
  await expect(page.getByTestId('sign-in-buying')).toContainText('Design Systems from First Principles');
  await expect(page.getByTestId('sign-in-buying')).toContainText('€');
  await shot(page, 'sign-in-buying');
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  await page.getByRole('link', { name: /Sign in to Bursar/ }).first().click();
  await page.frameLocator('iframe[title="Message body"]').getByRole('link', { name: 'Sign in', exact: true }).click();

  // No second Buy: the magic link lands on the hosted Checkout for the same course and currency.
  await expect(page.getByLabel('Card number')).toBeVisible();
  await expect(page.locator('body')).toContainText('Design Systems from First Principles');
  await expect(page.locator('body')).toContainText('€');
  await payWithCard(page, '4242 4242 4242 4242');
  await expect(page.getByRole('heading', { name: "You're enrolled — start learning" })).toBeVisible();

  // Owned, nothing done yet: "Start", not "Continue".
  await page.goto('/courses/design-systems-from-first-principles');
  await expect(page.getByTestId('owned').getByRole('link', { name: 'Start the course' })).toBeVisible();
  await page.goto('/account');
  await expect(page.getByRole('list', { name: 'Owned courses' }).getByRole('link', { name: 'Start →' })).toBeVisible();

  // The lesson player: the course's contents beside the lesson, progress, next lesson.
  await page.goto('/learn/design-systems-from-first-principles/1');
  const contents = page.getByRole('complementary', { name: 'Course contents' });
  await expect(contents.getByTestId('sidebar-progress').filter({ visible: true })).toHaveText(/^0 of \d+ complete$/);
  await expect(contents.getByRole('link', { name: /^1\./ }).filter({ visible: true })).toHaveAttribute('aria-current', 'page');
  await page.getByRole('button', { name: 'Mark complete' }).click();
  await expect(page.getByRole('button', { name: /Completed/ })).toBeVisible();
  await page.reload();
  await expect(contents.getByTestId('sidebar-progress').filter({ visible: true })).toHaveText(/^1 of \d+ complete$/);
  await shot(page, 'lesson-player');
  await page.getByRole('navigation', { name: 'Lesson navigation' }).getByRole('link', { name: /→$/ }).click();
  await expect(page).toHaveURL(/\/learn\/design-systems-from-first-principles\/2$/);
  await page.goto('/courses/design-systems-from-first-principles');
  await expect(page.getByTestId('owned').getByRole('link', { name: 'Continue learning' })).toBeVisible();
});

test('a visitor opens a free preview lesson without an account; other lessons ask to sign in', async ({ page }) => {
  await page.goto('/courses/sql-for-analysts');
  await page.getByRole('link', { name: 'Tables, rows and your first SELECT' }).click();
  await expect(page).toHaveURL(/\/learn\/sql-for-analysts\/1$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Tables, rows and your first SELECT' })).toBeVisible();
  await expect(page.getByTestId('preview-cta')).toContainText('Get the full course');
  await expect(page.getByRole('button', { name: 'Mark complete' })).toHaveCount(0);
  await shot(page, 'preview-lesson');
  const response = await page.request.get('/learn/sql-for-analysts/4', { maxRedirects: 0 });
  expect(response.status()).toBe(307);
  expect(response.headers().location).toContain('/sign-in?callbackUrl=%2Flearn%2Fsql-for-analysts%2F4');
  expect((await page.request.get('/learn/no-such-course/1', { maxRedirects: 0 })).status()).toBe(307);
});

test('course cards and pages carry a cover; prices in other currencies are labelled; 404s are titled so', async ({ page }) => {
  await page.goto('/');
  const cards = page.getByRole('list', { name: 'Course catalog' }).getByRole('listitem');
  await expect(cards.first().getByTestId('course-cover')).toBeVisible();
  await expect(page.getByTestId('course-cover')).toHaveCount(await cards.count());
  await shot(page, 'catalog');

  await page.goto('/courses/typescript-for-javascript-developers');
  await expect(page.getByTestId('course-cover')).toBeVisible();
  const purchase = page.getByRole('complementary', { name: 'Purchase' });
  await expect(purchase.getByText('Also priced in other currencies')).toBeVisible();
  await expect(purchase.getByTestId('all-prices')).toContainText('€45.00');
  await expect(purchase.getByTestId('all-prices')).not.toContainText('$49.00');
  await shot(page, 'course');

  const missing = await page.goto('/courses/no-such-course');
  expect(missing?.status()).toBe(404);
  await expect(page).toHaveTitle(/^Page not found/);
  await page.goto('/no/such/page');
  await expect(page).toHaveTitle(/^Page not found/);
});

test('course cards and pages name the instructor, and a search finds courses by instructor', async ({ page }) => {
  await page.goto('/');
  const cards = page.getByRole('list', { name: 'Course catalog' }).getByRole('listitem');
  await expect(cards).toHaveCount(10);
  // Every seeded course has one, each card shows its own.
  await expect(page.getByTestId('course-instructor')).toHaveCount(10);
  const card = cards.filter({ hasText: 'SQL for Analysts' });
  await expect(card.getByTestId('course-instructor')).toHaveText('by Marta Lindqvist');

  await page.goto('/courses/sql-for-analysts');
  await expect(page.getByTestId('course-instructor')).toHaveText('Taught by Marta Lindqvist');

  await page.goto('/?q=lindqvist');
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText('SQL for Analysts');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the price and Buy come before the course text and curriculum', async ({ page }) => {
    await page.goto('/courses/typescript-for-javascript-developers');
    const buy = page.getByRole('button', { name: 'Buy course' });
    await expect(buy).toBeVisible();
    await expect(page.getByTestId('course-instructor')).toHaveText('Taught by Sam Whitfield');
    const buyBox = await buy.boundingBox();
    const aboutBox = await page.getByRole('heading', { name: 'About this course' }).boundingBox();
    expect(buyBox!.y).toBeLessThan(aboutBox!.y);
    // Within the first two screens of a phone, not after the whole curriculum.
    expect(buyBox!.y).toBeLessThan(2 * 844);
    await shot(page, 'course');
  });

  test('account tabs scroll sideways with a visible sign that there are more', async ({ page }) => {
    await signInThroughMailbox(page, uniqueEmail('phone-tabs'));
    const tabs = page.getByRole('navigation', { name: 'Account' });
    await expect(tabs.getByRole('link', { name: 'My courses' })).toBeVisible();
    await expect(page.getByTestId('tabs-more-after')).toHaveCSS('opacity', '1');
    await shot(page, 'account-tabs');
    // The current tab is scrolled into view, and the cue goes once the last tab is reached.
    await page.goto('/account/profile');
    await expect(tabs.getByRole('link', { name: 'Profile' })).toBeInViewport();
    await expect(page.getByTestId('tabs-more-after')).toHaveCSS('opacity', '0');
    await shot(page, 'account-tabs-profile');
  });
});
