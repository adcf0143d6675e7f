import { buyCourse, expect, signInThroughMailbox, test, uniqueEmail } from './fixtures';

const SCREENS = process.env.SCREENSHOT_DIR ?? 'test-results/admin-ops-screens';

test('an admin sees readiness, runs a reconciliation for today and reads its result, at 1280 and 390 px', async ({ browser }) => {
  // A purchase today, so the run has a charge to compare.
  const learner = await browser.newPage();
  await signInThroughMailbox(learner, uniqueEmail('recon'));
  await buyCourse(learner, 'pricing-your-software');
  await learner.close();

  const page = await browser.newPage();
  await signInThroughMailbox(page, 'admin-ops@bursar.test', '/admin/health');
  await page.goto('/admin/health');
  await expect(page.getByRole('heading', { level: 1, name: 'Health' })).toBeVisible();
  await expect(page.getByTestId('health-ready')).toHaveText('Ready: every check passes.');
  for (const check of ['Database', 'Migrations', 'Stripe', 'Email transport']) await expect(page.getByTestId('health-checks').getByText(check, { exact: true })).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/health-1280.png`, fullPage: true });

  await page.goto('/admin/reconciliation');
  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel('From (UTC)').fill(today);
  await page.getByLabel('To (UTC, inclusive)').fill(today);
  // Keyboard only: the form submits from the field with Enter.
  await page.getByLabel('To (UTC, inclusive)').press('Enter');
  await expect(page.getByText('Queued: the run appears below')).toBeVisible();
  // The page refreshes itself while the run is queued or running.
  await expect(page.getByTestId('recon-runs').getByText('Succeeded').first()).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('recon-runs').getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reconciliation run' })).toBeVisible();
  await expect(page.getByTestId('recon-entries')).not.toContainText(/^Stripe entries\s*0$/);
  await expect(page.getByText('Stripe and the ledger agree for this period.')).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/run-1280.png`, fullPage: true });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/admin/reconciliation');
  await expect(page.getByRole('button', { name: 'Run now' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SCREENS}/reconciliation-390.png`, fullPage: true });
  await page.goto('/admin/health');
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SCREENS}/health-390.png`, fullPage: true });

  // Bad input: a clear error under the field, nothing queued.
  await page.goto('/admin/reconciliation');
  await page.getByLabel('From (UTC)').fill('2026-12-05');
  await page.getByLabel('To (UTC, inclusive)').fill('2020-01-01');
  await page.getByRole('button', { name: 'Run now' }).click();
  await expect(page.getByText('The period must end on or after its first day.')).toBeVisible();
});
