import { expect, test } from '@playwright/test';
import { signInThroughMailbox } from './fixtures';

// Every template reaches the mailbox and renders there: the admin sends the whole set to
// themselves from "Email templates", and each message opens with its body.
test('every notification template is delivered to the mailbox and renders', async ({ page }) => {
  test.setTimeout(180_000);
  const admin = 'admin-templates@bursar.test';
  await signInThroughMailbox(page, admin, '/admin/emails');
  const rows = page.getByTestId('templates-table').locator('tbody tr');
  const count = await rows.count();
  expect(count).toBeGreaterThanOrEqual(15);
  const subjects = await page.getByTestId('templates-table').locator('td[data-col="subject"]').allInnerTexts();
  await page.getByRole('button', { name: 'Send every template to me' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Queued.' })).toBeVisible();

  await expect(async () => {
    await page.goto(`/dev/mailbox?to=${encodeURIComponent(admin)}`);
    for (const subject of subjects) await expect(page.getByRole('link', { name: subject }).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 60_000 });

  for (const subject of subjects) {
    await page.goto(`/dev/mailbox?to=${encodeURIComponent(admin)}`);
    await page.getByRole('link', { name: subject }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: subject })).toBeVisible();
    const body = page.frameLocator('iframe[title="Message body"]');
    await expect(body.locator('h1').first()).toBeVisible();
    await expect(body.locator('body')).not.toContainText('undefined');
    await expect(body.locator('body')).not.toContainText('NaN');
  }
});
