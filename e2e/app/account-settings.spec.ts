import { expect, signInThroughMailbox, test, uniqueEmail } from './fixtures';

test('notification preferences: a bad phone is refused, good settings persist', async ({ page }) => {
  await signInThroughMailbox(page, uniqueEmail('prefs'));
  await page.goto('/account/notifications');
  await expect(page.getByRole('checkbox', { name: /Renewal reminders/ })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: /New courses and product news/ })).not.toBeChecked();

  await page.getByLabel('Mobile number').fill('555 0100');
  await page.getByRole('checkbox', { name: 'Text me when a payment fails' }).check();
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'country code' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Mobile number')).toHaveValue('');

  await page.getByLabel('Mobile number').fill('+44 20 7946 0958');
  await page.getByRole('checkbox', { name: 'Text me when a payment fails' }).check();
  await page.getByRole('checkbox', { name: /Renewal reminders/ }).uncheck();
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Mobile number')).toHaveValue('+442079460958');
  await expect(page.getByRole('checkbox', { name: 'Text me when a payment fails' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: /Renewal reminders/ })).not.toBeChecked();
});

test('profile: rename, then delete the account with a confirmation', async ({ page }) => {
  const email = uniqueEmail('leaver');
  await signInThroughMailbox(page, email);
  await page.goto('/account/profile');
  // A crafted name (a NUL byte cannot be stored in PostgreSQL text) is a form error, not a 500,
  // and what was typed stays in the field.
  await page.getByLabel('Name').fill('Grace\u0000Hopper');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Use letters, numbers, spaces and punctuation only.' })).toBeVisible();
  await expect(page.getByLabel('Name')).toHaveAccessibleDescription('Use letters, numbers, spaces and punctuation only.');
  await page.getByLabel('Name').fill('Grace Hopper');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Type DELETE' })).toBeVisible();
  await page.getByLabel('Type DELETE to confirm').fill('DELETE');
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.getByText('Your account was deleted and you are signed out.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await page.goto('/account');
  await expect(page).toHaveURL(/\/sign-in/);
});
