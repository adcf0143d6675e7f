import { expect, payWithCard, signInThroughMailbox, test, uniqueEmail } from './fixtures';

// A 1×1 PNG: the cover upload checks the bytes, not the name.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

test('an admin builds a course, prices it in EUR and USD, publishes it; a learner buys in EUR; a USD change leaves the receipt alone', async ({ page, browser }) => {
  // Three browsers, a purchase and three storefront checks: the longest journey in the suite.
  test.setTimeout(240_000);
  const slug = `sql-${Date.now()}`;
  const title = `Practical SQL ${Date.now()}`;
  await signInThroughMailbox(page, 'admin-courses@bursar.test', '/admin/courses/new');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Slug').fill(slug);
  await page.getByLabel('Summary').fill('Tables, joins and indexes.');
  await page.getByLabel('Description').fill('Learn **SQL** by doing.');
  await page.getByLabel('Level').selectOption('beginner');
  await page.getByLabel('Category').fill('Databases');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByTestId('course-status')).toHaveText('Draft');
  const courseUrl = page.url().replace(/\?.*$/, '');

  // A draft is not in the store.
  const visitor = await browser.newPage();
  expect((await visitor.goto(`/courses/${slug}`))?.status()).toBe(404);

  for (const [name, body] of [['Tables', '# Tables\n\nRows and <script>alert(1)</script> columns.'], ['Joins', 'Inner and outer **joins**.']] as const) {
    await page.goto(`${courseUrl}/lessons/new`);
    await page.getByLabel('Title').fill(name);
    await page.getByLabel('Body (Markdown)').fill(body);
    // The live preview renders Markdown and never the script.
    await expect(page.getByTestId('lesson-preview')).toContainText(name === 'Tables' ? 'Rows and' : 'joins');
    expect(await page.getByTestId('lesson-preview').locator('script').count()).toBe(0);
    await page.getByLabel('Duration (minutes)').fill('12');
    if (name === 'Tables') await page.getByLabel(/Free preview/).check();
    await page.getByRole('button', { name: 'Add lesson' }).click();
    await expect(page.getByTestId('lesson-row').filter({ hasText: name })).toBeVisible();
  }
  // Keyboard reorder: Joins first, then back.
  await page.getByTestId('lesson-row').filter({ hasText: 'Joins' }).focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(page.getByTestId('lesson-row').first()).toContainText('Joins');
  await page.getByRole('button', { name: 'Save order' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Order saved.' })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('lesson-row').first()).toContainText('Joins');

  await page.locator('input[type=file][name=cover]').setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: PNG });
  await page.getByRole('button', { name: 'Upload cover' }).click();
  await expect(page.getByTestId('cover-image')).toBeVisible();

  const addPrice = async (currency: string, amount: string) => {
    const form = page.getByTestId('prices-once').locator('li').last();
    await form.getByLabel('Currency').selectOption(currency);
    await form.getByLabel('Amount').fill(amount);
    await form.getByRole('button', { name: 'Add price' }).click();
    await expect(page.getByTestId('price-row').and(page.locator(`[data-currency="${currency}"]`))).toBeVisible();
  };
  await addPrice('eur', '45.00');
  await addPrice('usd', '49.00');

  // The preview shows the draft as learners will see it: cover, prices, the lesson bodies (no script).
  await page.goto(`${courseUrl}/preview`);
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(page.getByRole('img', { name: `Cover of ${title}` })).toBeVisible();
  await expect(page.getByTestId('preview-prices')).toContainText('€45.00');
  await expect(page.getByTestId('preview-prices')).toContainText('$49.00');
  // Lessons are collapsed; opening one shows its rendered body.
  await expect(page.getByText('Free preview')).toBeVisible();
  await page.locator('summary').filter({ hasText: 'Tables' }).click();
  await expect(page.getByText('Rows and')).toBeVisible();
  expect(await page.locator('article script').count()).toBe(0);
  await page.goto(courseUrl);

  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByTestId('course-status')).toHaveText('Published');

  // The store shows it at once, with both prices.
  await visitor.goto(`/courses/${slug}`);
  await expect(visitor.getByRole('heading', { name: title })).toBeVisible();
  await expect(visitor.getByTestId('all-prices')).toContainText('€45.00');
  // The visitor's own currency (USD) is the main price; the row below lists the others.
  await expect(visitor.getByTestId('course-price')).toHaveText('$49.00');
  // The uploaded cover on the course page and on the catalog card, served by the app.
  const cover = visitor.getByTestId('course-cover').first();
  await expect(cover).toHaveAttribute('src', /^\/media\/covers\/[0-9a-f-]+-[0-9a-f]{32}\.png$/);
  const src = await cover.getAttribute('src');
  const media = await visitor.request.get(src!);
  expect(media.status()).toBe(200);
  expect(media.headers()['content-type']).toBe('image/png');
  expect(Buffer.from(await media.body()).equals(PNG)).toBe(true);
  await visitor.goto(`/?q=${encodeURIComponent(title)}`);
  await expect(visitor.getByRole('listitem').filter({ hasText: title }).getByTestId('course-cover')).toHaveAttribute('src', src!);
  await visitor.close();

  // A learner buys in EUR.
  const learner = await browser.newPage();
  await signInThroughMailbox(learner, uniqueEmail('sql-buyer'), '/account');
  await learner.goto(`/api/currency?code=eur&returnTo=${encodeURIComponent(`/courses/${slug}`)}`);
  await learner.goto(`/courses/${slug}`);
  await expect(learner.getByTestId('course-price')).toHaveText('€45.00');
  await learner.getByRole('button', { name: 'Buy course' }).click();
  await payWithCard(learner, '4242 4242 4242 4242');
  await expect(learner.getByRole('heading', { name: "You're enrolled — start learning" })).toBeVisible();

  // The admin changes the USD price: a new price; the catalog shows it; the EUR receipt is unchanged.
  const usd = page.getByTestId('price-row').and(page.locator('[data-currency="usd"]'));
  await usd.getByLabel('New USD amount').fill('59.00');
  await usd.getByRole('button', { name: 'Change price' }).click();
  await expect(page.getByTestId('price-row').and(page.locator('[data-currency="usd"]'))).toContainText('$59.00');
  const check = await browser.newPage();
  await check.goto(`/courses/${slug}`);
  await expect(check.getByTestId('course-price')).toHaveText('$59.00');
  await expect(check.getByTestId('all-prices')).not.toContainText('$49.00');
  await check.close();

  await learner.goto('/account/purchases');
  await learner.getByRole('link', { name: new RegExp(`Receipt for ${title}`) }).first().click();
  await expect(learner.getByTestId('receipt-paid')).toHaveText('€45.00');

  // Archived: off the catalog (the storefront specs count the seeded courses), while the
  // learner who bought it keeps it.
  await page.getByRole('button', { name: 'Archive', exact: true }).click();
  await expect(page.getByTestId('course-status')).toHaveText('Archived');
  const after = await browser.newPage();
  await after.goto('/');
  await expect(after.getByRole('link', { name: title })).toHaveCount(0);
  await after.close();
  await learner.goto(`/learn/${slug}`);
  await expect(learner.getByRole('heading', { name: title }).first()).toBeVisible();
  await learner.close();
});
