import { expect, signInThroughMailbox, test, uniqueEmail } from './fixtures';

test('store settings: a bad email is refused, saved details appear in the emails learners get', async ({ page, browser }) => {
  await signInThroughMailbox(page, 'admin-settings@bursar.test', '/admin/settings');
  await expect(page.getByRole('heading', { name: 'Store settings' })).toBeVisible();
  // The failed-renewal policy, read-only (it must match Stripe's retry settings), as learners read it.
  const policy = page.getByRole('region', { name: 'Failed renewals and alerts' });
  await expect(policy.getByText('3, 5, 7 days apart (4 attempts in all)')).toBeVisible();
  await expect(policy.getByTestId('dunning-policy')).toContainText('you keep access for 7 days');

  const seller = `Acme Learning ${Date.now()}`;
  await page.getByLabel('Seller name').fill(seller);
  await page.getByLabel('Address').fill('Hauptstraße 1\n10115 Berlin\nGermany');
  await page.getByLabel('Tax ID (optional)').fill('DE123456789');
  await page.getByLabel('Support email').fill('not an email');
  await page.getByLabel('Refund policy').fill('Refunds within 30 days of purchase.');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByLabel('Support email')).toHaveAccessibleDescription(/Enter a valid email address\./);

  await page.getByLabel('Support email').fill('help@acme.example');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Seller name')).toHaveValue(seller);
  await expect(page.getByLabel('Tax ID (optional)')).toHaveValue('DE123456789');

  // The next email anyone gets (here a learner's sign-in link) carries the new seller block.
  const learner = await browser.newPage();
  const email = uniqueEmail('seller');
  await signInThroughMailbox(learner, email);
  await learner.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  await learner.getByRole('link', { name: /Sign in to Bursar/ }).first().click();
  const body = learner.frameLocator('iframe[title="Message body"]');
  await expect(body.getByText(seller)).toBeVisible();
  await expect(body.getByText('Questions? Write to help@acme.example')).toBeVisible();
  await learner.close();
});
