import { expect, signInThroughMailbox, test, uniqueEmail, visitorKnown } from './fixtures';

test('a learner signs in with the link from the local mailbox', async ({ page }) => {
  const email = uniqueEmail('learner');
  await signInThroughMailbox(page, email);
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  await expect(page.getByTestId('account-email')).toHaveText(email);
  await visitorKnown(page);
  await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
});

test('a learner is refused the admin dashboard', async ({ page }) => {
  await signInThroughMailbox(page, uniqueEmail('curious'));
  const response = await page.goto('/admin');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible();
});

test('an admin from ADMIN_EMAILS opens the dashboard', async ({ page }) => {
  await signInThroughMailbox(page, 'admin@bursar.test', '/admin');
  await expect(page.getByRole('heading', { name: 'Store overview' })).toBeVisible();
});

test('anonymous visitors are sent to sign in and back', async ({ page }) => {
  await page.goto('/account');
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Faccount/);
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fadmin/);
});

test('an invalid email gets a form error and sends nothing', async ({ page }) => {
  const messages = page.getByRole('list', { name: 'Messages' }).getByRole('listitem');
  await page.goto('/dev/mailbox');
  const before = await messages.count();

  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill('not-an-email');
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Enter a valid email address' })).toBeVisible();
  await expect(page.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true');
  // The error is tied to the field for screen readers.
  await expect(page.getByLabel('Email address')).toHaveAccessibleDescription(/Enter a valid email address/);
  await expect(page.getByLabel('Email address')).toHaveValue('not-an-email');

  await page.goto('/dev/mailbox');
  await expect(messages).toHaveCount(before);
  await expect(page.getByText('not-an-email')).toHaveCount(0);
});
