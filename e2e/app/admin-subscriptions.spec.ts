import { expect, payWithCard, signInThroughMailbox, test, uniqueEmail } from './fixtures';

// Admin journey: a learner subscribes to All-Access; the admin finds the subscription, reads its
// invoices and dunning state, and cancels it at the period end through Stripe; the webhook-fed
// status shows the end date, and the learner's own page agrees.

const SHOTS = process.env.SCREENSHOT_DIR;

test('an admin cancels a subscription at period end; the result arrives through Stripe', async ({ browser }) => {
  const learnerEmail = uniqueEmail('subscriber');
  const learnerContext = await browser.newContext();
  const learner = await learnerContext.newPage();
  await signInThroughMailbox(learner, learnerEmail, '/account');
  await learner.goto('/pricing');
  await learner.getByRole('button', { name: 'Subscribe monthly' }).click();
  await payWithCard(learner, '4242 4242 4242 4242');
  await expect(learner.getByText('All-Access is active')).toBeVisible();

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signInThroughMailbox(admin, 'admin-subscriptions@bursar.test', '/admin');
  await admin.goto('/admin/subscriptions');
  await admin.getByLabel('Status').selectOption('active');
  await admin.getByRole('button', { name: 'Apply' }).click();
  await expect(admin).toHaveURL(/status=active/);
  const row = admin.getByTestId('subscriptions').getByRole('row', { name: new RegExp(learnerEmail) });
  await expect(row).toContainText('Active');
  if (SHOTS) {
    await admin.screenshot({ path: `${SHOTS}/subscriptions-1280.png`, fullPage: true });
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.screenshot({ path: `${SHOTS}/subscriptions-390.png`, fullPage: true });
    await admin.setViewportSize({ width: 1280, height: 900 });
  }
  await row.getByRole('link').first().click();
  await expect(admin.getByTestId('subscription-status')).toContainText('Active');
  await expect(admin.getByTestId('dunning')).toContainText('Nothing owed');
  await expect(admin.getByTestId('invoices').getByRole('row')).toHaveCount(2);
  await expect(admin.getByTestId('invoices')).toContainText('Paid');

  // A reason is required; then cancel at the end of the period.
  await admin.getByRole('button', { name: 'Cancel subscription' }).click();
  await expect(admin.getByText('Enter a reason', { exact: false })).toBeVisible();
  await admin.getByLabel('At the end of the period').check();
  await admin.getByLabel('Reason').fill('Asked by email to stop renewing');
  await admin.getByRole('button', { name: 'Cancel subscription' }).click();
  await expect(admin.getByText('Stripe accepted the cancellation.')).toBeVisible();
  await expect(async () => {
    await admin.reload();
    await expect(admin.getByTestId('subscription-status')).toContainText('Ends', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  if (SHOTS) {
    await admin.screenshot({ path: `${SHOTS}/subscription-1280.png`, fullPage: true });
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.screenshot({ path: `${SHOTS}/subscription-390.png`, fullPage: true });
  }

  await learner.goto('/account/subscription');
  await expect(learner.getByText('Canceled — access until period end')).toBeVisible();
  await learnerContext.close();
  await adminContext.close();
});
