import type { Page } from '@playwright/test';
import { expect, payWithCard, signInThroughMailbox, test, uniqueEmail } from './fixtures';

/** Subscribes monthly through the pricing page and hosted Checkout, then opens the subscription page. */
async function subscribeMonthly(page: Page, prefix: string): Promise<void> {
  await signInThroughMailbox(page, uniqueEmail(prefix));
  await page.goto('/pricing');
  await page.getByRole('button', { name: 'Subscribe monthly' }).click();
  await payWithCard(page, '4242 4242 4242 4242');
  await expect(page.getByText('All-Access is active')).toBeVisible();
  await page.goto('/account/subscription');
  await expect(page.getByRole('heading', { level: 1, name: 'Subscription' })).toBeVisible();
}

async function screenshotBoth(page: Page, name: string): Promise<void> {
  for (const [width, height] of [[1280, 900], [390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `test-results/subscription-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('a subscriber cancels at period end, then resumes, each after a confirmation', async ({ page }) => {
  await subscribeMonthly(page, 'cancel-resume');
  await expect(page.getByRole('heading', { name: 'All-Access' })).toBeVisible();
  await expect(page.getByTestId('plan-price')).toHaveText('$19.00 / month');
  await expect(page.getByTestId('subscription-status')).toContainText('Renews automatically on');
  await expect(page.getByTestId('next-payment')).toContainText('$19.00 on');
  await expect(page.getByTestId('payment-method')).toBeVisible();
  await screenshotBoth(page, 'active');

  await page.getByRole('link', { name: 'Cancel subscription' }).click();
  const panel = page.getByTestId('confirm-panel');
  await expect(panel.getByRole('heading', { name: 'Cancel All-Access at the end of this period?' })).toBeVisible();
  await screenshotBoth(page, 'confirm-cancel');
  await panel.getByRole('button', { name: 'Yes, cancel at period end' }).click();

  await expect(page.getByTestId('done-notice')).toContainText('Your subscription is canceled. You keep access until');
  await expect(page.getByText('Canceled — access until period end')).toBeVisible();
  await expect(page.getByTestId('access-ends')).toBeVisible();
  await expect(page.getByTestId('next-payment')).toHaveCount(0);
  await screenshotBoth(page, 'canceled');

  await page.getByRole('link', { name: 'Resume subscription' }).click();
  await page.getByTestId('confirm-panel').getByRole('button', { name: 'Yes, resume subscription' }).click();
  await expect(page.getByTestId('done-notice')).toContainText('Your subscription is active again');
  await expect(page.getByTestId('next-payment')).toContainText('$19.00 on');
  // Still All-Access after all of it.
  await page.goto('/account');
  await expect(page.getByText('All-Access is active')).toBeVisible();
});

test('when the payment provider fails, the learner reads a plain sentence and the same button works on retry', async ({ page, request }) => {
  await subscribeMonthly(page, 'provider-down');
  await page.getByRole('link', { name: 'Cancel subscription' }).click();
  // The call and the SDK's one retry both fail (the e2e server's sandbox, see scripts/e2e-server.ts).
  const sandboxUrl = `http://127.0.0.1:${process.env.E2E_SANDBOX_PORT ?? '12112'}`;
  const injected = await request.post(`${sandboxUrl}/_sandbox/faults`, { data: { path: '/v1/subscriptions/', method: 'POST', kind: 'error', count: 2 } });
  expect(injected.ok()).toBe(true);

  const confirm = page.getByTestId('confirm-panel').getByRole('button', { name: 'Yes, cancel at period end' });
  await confirm.click();
  await expect(page.getByTestId('confirm-panel').getByRole('alert')).toHaveText("We couldn't reach our payment provider; nothing changed — please try again.");
  // Nothing changed: a second tab still shows the subscription renewing.
  const other = await page.context().newPage();
  await other.goto('/account/subscription');
  await expect(other.getByTestId('subscription-status')).toContainText('Renews automatically on');
  await other.close();

  // The same form again (same attempt id, so the same idempotency key).
  await confirm.click();
  await expect(page.getByTestId('done-notice')).toContainText('Your subscription is canceled.');
});

test('switching to yearly explains the proration before confirming', async ({ page }) => {
  await subscribeMonthly(page, 'switch');
  await page.getByRole('link', { name: 'Switch to yearly billing' }).click();
  const explanation = page.getByTestId('proration-explanation');
  await expect(explanation).toContainText('You will be charged');
  await expect(explanation).toContainText('$190.00 for a year of All-Access, minus');
  await expect(explanation).toContainText('credit for the unused time on your current plan');
  await expect(page.getByTestId('amount-due-now')).toHaveText(/^\$1\d\d\.\d\d$/);
  await screenshotBoth(page, 'confirm-switch');

  await page.getByRole('button', { name: 'Confirm switch to yearly' }).click();
  await expect(page.getByTestId('done-notice')).toHaveText('You are now billed yearly.');
  await expect(page.getByTestId('plan-price')).toHaveText('$190.00 / year');
  await expect(page.getByTestId('billing-interval')).toHaveText('Yearly');
  await expect(page.getByRole('link', { name: 'Switch to monthly billing' })).toBeVisible();
});

test('Manage billing opens the Customer Portal, whose return link comes back', async ({ page }) => {
  await subscribeMonthly(page, 'portal');
  await page.getByRole('button', { name: 'Manage billing' }).click();
  await page.waitForURL(/\/p\/session\/bps_/);
  await expect(page.getByText('Cancel plan')).toBeVisible();
  await page.getByRole('link', { name: /Return to Bursar/ }).click();
  await page.waitForURL((url) => url.pathname === '/account/subscription');
  await expect(page.getByRole('heading', { level: 1, name: 'Subscription' })).toBeVisible();
});

test('a learner without a subscription sees the way to the plans', async ({ page }) => {
  await signInThroughMailbox(page, uniqueEmail('no-sub'));
  await page.goto('/account/subscription');
  await expect(page.getByRole('heading', { name: "You don't have a subscription" })).toBeVisible();
  await screenshotBoth(page, 'empty');
  await page.getByRole('link', { name: 'See All-Access plans' }).click();
  await page.waitForURL((url) => url.pathname === '/pricing');
});
