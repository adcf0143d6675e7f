import { expect, payWithCard, signInThroughMailbox, test, uniqueEmail } from './fixtures';

test('a learner buys a course with 4242, learns, and gets one receipt', async ({ page }) => {
  const email = uniqueEmail('buyer');
  await signInThroughMailbox(page, email);
  await page.goto('/courses/sql-for-analysts');
  await page.getByRole('button', { name: 'Buy course' }).click();

  // Stripe's hosted Checkout (the sandbox): the total comes from our database price.
  await expect(page.getByTestId('total')).toHaveText('$29.00');
  await payWithCard(page, '4242 4242 4242 4242');

  await expect(page.getByRole('heading', { name: "You're enrolled — start learning" })).toBeVisible();
  await page.getByRole('link', { name: 'Start learning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'SQL for Analysts' })).toBeVisible();
  await expect(page.getByText('Yours to keep.')).toBeVisible();

  await page.goto('/account');
  await expect(page.getByRole('list', { name: 'Owned courses' })).toContainText('SQL for Analysts');
  await page.goto('/courses/sql-for-analysts');
  await expect(page.getByTestId('owned')).toContainText('You own this course.');
  await expect(page.getByRole('button', { name: 'Buy course' })).toHaveCount(0);

  // The receipt is delivered by the in-process worker; poll the mailbox for it.
  await expect(async () => {
    await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
    await expect(page.getByRole('link', { name: /Your receipt for SQL for Analysts/ })).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await page.getByRole('link', { name: /Your receipt for SQL for Analysts/ }).click();
  const body = page.frameLocator('iframe[title="Message body"]');
  await expect(body.getByText('SQL for Analysts').filter({ visible: true }).first()).toBeVisible();
  await expect(body.getByText('$29.00').filter({ visible: true }).first()).toBeVisible();
  await expect(body.getByText(/4242/).filter({ visible: true }).first()).toBeVisible();

  // The purchase's webhooks were acknowledged at once and processed by the worker: the
  // health endpoint reports the backlog drained, nothing retrying or dead.
  await expect(async () => {
    const health = await (await page.request.get('/api/health')).json();
    expect(health).toMatchObject({ status: 'ok', webhooks: { waiting: 0, retrying: 0, dead: 0, lagSeconds: 0 } });
  }).toPass({ timeout: 30_000 });
});

test('a declined card is retried on Checkout and then succeeds', async ({ page }) => {
  await signInThroughMailbox(page, uniqueEmail('declined'));
  await page.goto('/courses/typography-for-interfaces?currency=jpy');
  await page.getByRole('button', { name: 'Buy course' }).click();
  await expect(page.getByTestId('total')).toHaveText('¥3,200');
  await payWithCard(page, '4000 0000 0000 0002');
  await expect(page.getByRole('alert')).toHaveText('Your card was declined.');
  await payWithCard(page, '4242 4242 4242 4242');
  await expect(page.getByRole('heading', { name: "You're enrolled — start learning" })).toBeVisible();
});

test('a canceled checkout returns to the course calmly, and anonymous buyers sign in first', async ({ page }) => {
  await page.goto('/courses/accessible-by-design');
  await page.getByRole('button', { name: 'Buy course' }).click();
  // Signing in carries the choice: the link lands on Checkout for this course, no second click.
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fcheckout%2Fstart%3Fkind%3Dcourse%26courseSlug%3Daccessible-by-design/);
  const email = uniqueEmail('canceler');
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  await page.getByRole('link', { name: /Sign in to Bursar/ }).first().click();
  await page.frameLocator('iframe[title="Message body"]').getByRole('link', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('total')).toBeVisible();
  await expect(page.getByTestId('total')).toContainText('$');
  await page.getByRole('link', { name: /Back|Cancel/ }).first().click();
  await expect(page).toHaveURL(/\/courses\/accessible-by-design\?checkout=canceled/);
  await expect(page.getByText('Checkout was canceled and you were not charged.')).toBeVisible();
});

test('a subscriber sees every course unlocked', async ({ page }) => {
  await signInThroughMailbox(page, uniqueEmail('subscriber'));
  await page.goto('/pricing');
  await page.getByRole('button', { name: 'Subscribe monthly' }).click();
  await expect(page.getByTestId('total')).toContainText('$19.00');
  await payWithCard(page, '4242 4242 4242 4242');
  await expect(page.getByRole('heading', { name: "You're enrolled — start learning" })).toBeVisible();
  await expect(page.getByText('All-Access is active')).toBeVisible();

  for (const slug of ['pricing-your-software', 'design-systems-from-first-principles']) {
    await page.goto(`/courses/${slug}`);
    await expect(page.getByTestId('owned')).toContainText('Included in your All-Access subscription.');
  }
  await page.goto('/learn/pricing-your-software');
  await expect(page.getByText('Included in All-Access.')).toBeVisible();
  await page.goto('/pricing');
  await expect(page.getByRole('link', { name: 'You have All-Access — manage it' }).first()).toBeVisible();
});

test('a learner without access is told why on the lesson page', async ({ page }) => {
  await signInThroughMailbox(page, uniqueEmail('curious'));
  await page.goto('/learn/metrics-that-matter');
  expect((await page.request.get('/learn/metrics-that-matter')).status()).toBe(404);
  await page.goto('/learn/sql-for-analysts');
  await expect(page.getByTestId('closed-reason')).toHaveText('You have not bought this course yet.');
});
