import { expect, test } from './fixtures';

test('the catalog lists every published seeded course and nothing else', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Courses', exact: true })).toBeVisible();
  const cards = page.getByRole('list', { name: 'Course catalog' }).getByRole('listitem');
  await expect(cards).toHaveCount(10);
  await expect(page.getByTestId('result-count')).toHaveText('10 courses');
  await expect(page.getByRole('link', { name: 'TypeScript for JavaScript Developers' })).toBeVisible();
  // Draft and unlisted courses are not in the catalog.
  await expect(page.getByRole('link', { name: 'Metrics That Matter' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Building LLM Features You Can Evaluate' })).toHaveCount(0);
  const firstCard = cards.first();
  await expect(firstCard).toContainText(/\d+ lessons/);
  await expect(firstCard.getByTestId('course-price')).toHaveText(/^\$\d+\.\d{2}$/);
});

test('search and category filter narrow the catalog', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Search courses').fill('sql');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/q=sql/);
  const cards = page.getByRole('list', { name: 'Course catalog' }).getByRole('listitem');
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText('SQL for Analysts');

  await page.getByLabel('Search courses').fill('');
  await page.getByLabel('Category').selectOption('Design');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(cards).toHaveCount(3);
  for (const card of await cards.all()) await expect(card).toContainText('Design');

  await page.getByLabel('Search courses').fill('no such course anywhere');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('heading', { name: 'No courses match' })).toBeVisible();
});

test('malformed search parameters are ignored safely', async ({ page }) => {
  const response = await page.goto('/?q=' + 'x'.repeat(5000) + '&level=expert&category=&currency=btc&q=two');
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId('result-count')).toHaveText('10 courses');
});

test('a course page shows its curriculum and the price in each currency', async ({ page }) => {
  await page.goto('/courses/typescript-for-javascript-developers');
  await expect(page.getByRole('heading', { level: 1, name: 'TypeScript for JavaScript Developers' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Curriculum' })).toBeVisible();
  await expect(page.getByText('Free preview').first()).toBeVisible();
  const price = page.getByRole('complementary', { name: 'Purchase' }).getByTestId('course-price');
  await expect(price).toHaveText('$49.00');

  const currency = page.getByRole('navigation', { name: 'Currency' });
  await currency.getByRole('link', { name: 'JPY ¥' }).click();
  await expect(price).toHaveText('¥4,800');
  await expect(currency.getByRole('link', { name: 'JPY ¥' })).toHaveAttribute('aria-current', 'true');
  await currency.getByRole('link', { name: 'EUR €' }).click();
  await expect(price).toHaveText('€45.00');
  await expect(page).toHaveURL(/\/courses\/typescript-for-javascript-developers$/);

  // The choice is remembered on the next page.
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'TypeScript for JavaScript Developers' }).locator('..').locator('..').getByTestId('course-price')).toHaveText('€45.00');
});

test('the All-Access page shows monthly and yearly plans', async ({ page }) => {
  await page.goto('/pricing?currency=jpy');
  await expect(page.getByTestId('plan-price-month')).toContainText('¥2,000');
  await expect(page.getByTestId('plan-price-year')).toContainText('¥20,000');
});

test('an unknown currency is refused and changes nothing', async ({ page, request }) => {
  const response = await request.get('/api/currency?code=btc&returnTo=/');
  expect(response.status()).toBe(400);
  expect(await response.json()).toEqual({ error: { code: 'invalid_currency', message: 'Choose usd, eur or jpy.' } });
  expect(response.headers()['set-cookie']).toBeUndefined();
  await page.goto('/');
  await expect(page.getByTestId('course-price').first()).toHaveText(/^\$/);
});

test('the currency link never redirects off-site', async ({ request }) => {
  const response = await request.get('/api/currency?code=eur&returnTo=//evil.example/x', { maxRedirects: 0 });
  expect(response.status()).toBe(303);
  expect(response.headers().location).toBe('/');
});

test('an unknown course is a real 404 page', async ({ page }) => {
  const response = await page.goto('/courses/no-such-course');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'We could not find that course' })).toBeVisible();
});

test('every page shows the test-mode banner while Stripe is the sandbox', async ({ page }) => {
  await page.goto('/pricing');
  await expect(page.getByRole('status').filter({ hasText: 'Test mode' })).toBeVisible();
});
