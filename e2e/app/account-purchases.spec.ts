import Stripe from 'stripe';
import type { Page } from '@playwright/test';
import { expect, payWithCard, sandboxStripe, signInThroughMailbox, test, uniqueEmail, visitorKnown } from './fixtures';

// Purchases, receipts and payment methods as a learner sees them, at desktop and phone width.
// Screenshots go to test-results/ to be looked at; they are not compared.

// Playwright empties test-results/ at the start of every run; SCREENSHOT_DIR keeps them elsewhere.
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? 'test-results/account-screens';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

async function screenshots(page: Page, name: string) {
  for (const [label, size] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}-${label}.png`, fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

test('empty states before anything is bought', async ({ page }) => {
  await signInThroughMailbox(page, uniqueEmail('empty'));
  await page.goto('/account/purchases');
  await expect(page.getByRole('heading', { name: 'No purchases yet — browse courses' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Browse courses' })).toHaveAttribute('href', '/');
  await screenshots(page, 'purchases-empty');
  await page.goto('/account/payment-methods');
  await expect(page.getByRole('heading', { name: 'No saved payment methods' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Manage billing/ })).toHaveAttribute('href', '/account/subscription');
  await screenshots(page, 'payment-methods-empty');
  // Nothing failed, so no past-due banner.
  await visitorKnown(page);
  await expect(page.getByTestId('past-due-banner')).toHaveCount(0);
});

test('a buyer finds the purchase, opens a printable receipt; another learner gets 404 for it', async ({ page, browser }) => {
  const email = uniqueEmail('receipt');
  await signInThroughMailbox(page, email);
  await page.goto('/courses/sql-for-analysts');
  await page.getByRole('button', { name: 'Buy course' }).click();
  await payWithCard(page, '4242 4242 4242 4242');
  await expect(page.getByRole('heading', { name: "You're enrolled — start learning" })).toBeVisible();

  await page.goto('/account/purchases');
  const purchase = page.getByTestId('purchase');
  await expect(purchase).toHaveCount(1);
  await expect(purchase).toContainText('SQL for Analysts');
  await expect(purchase.getByTestId('purchase-amount')).toHaveText('$29.00');
  await expect(purchase).toContainText('Paid');
  await expect(purchase).toContainText('Visa •••• 4242');
  await screenshots(page, 'purchases');

  await purchase.getByRole('link', { name: /^Receipt for SQL for Analysts/ }).click();
  await expect(page).toHaveURL(/\/account\/receipts\/[0-9a-f-]{36}$/);
  const receiptUrl = page.url();
  await expect(page.getByRole('heading', { level: 1, name: 'Receipt' })).toBeVisible();
  await expect(page.getByTestId('receipt-number')).toHaveText(/^BR-[0-9A-F]{10}$/);
  await expect(page.getByTestId('receipt-total')).toHaveText('$29.00');
  await expect(page.getByTestId('receipt-paid')).toHaveText('$29.00');
  await expect(page.getByTestId('receipt-method')).toHaveText('Visa •••• 4242');
  await expect(page.getByRole('row', { name: /SQL for Analysts/ })).toBeVisible();
  await expect(page.getByText('Bursar Demo Store')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Print' })).toBeVisible();
  await screenshots(page, 'receipt');

  // Printed, only the receipt remains: no header, account navigation or Print button.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Account' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
  await expect(page.getByTestId('receipt-number')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/receipt-print.png`, fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  // Another learner, in a browser of their own: the same URL does not exist for them.
  const context = await browser.newContext();
  const stranger = await context.newPage();
  await signInThroughMailbox(stranger, uniqueEmail('stranger'));
  // notFound(), not forbidden(): a real 404 that does not reveal the receipt exists.
  for (const path of [new URL(receiptUrl).pathname, '/account/receipts/not-a-receipt', '/account/receipts/00000000-0000-4000-8000-000000000000']) {
    const response = await stranger.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(stranger.getByRole('heading', { name: 'Page not found' }), path).toBeVisible();
    await expect(stranger.locator('meta[name="robots"][content="noindex"]').first(), path).toBeAttached();
    await expect(stranger.getByText('SQL for Analysts')).toHaveCount(0);
    await expect(stranger.getByTestId('receipt-number')).toHaveCount(0);
  }
  await context.close();

  // A partial refund issued from Stripe's side reaches the receipt through the webhooks.
  const stripe = sandboxStripe();
  const [customer] = (await stripe.customers.list({ email })).data;
  const [charge] = (await stripe.charges.list({ customer: customer!.id })).data;
  await stripe.refunds.create({ charge: charge!.id, amount: 1000 });
  await expect(async () => {
    await page.goto(receiptUrl);
    await expect(page.getByTestId('receipt-refund')).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId('receipt-refund')).toContainText('−$10.00');
  await expect(page.getByText('Partially refunded')).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: '$19.00' })).toBeVisible();
  await screenshots(page, 'receipt-refunded');
  await page.goto('/account/purchases');
  await expect(page.getByTestId('purchase')).toContainText('Partially refunded');
  await expect(page.getByTestId('purchase')).toContainText('$10.00 refunded');
});

test('a subscriber sees the plan payment with its Stripe invoice, and the saved card', async ({ page }) => {
  await signInThroughMailbox(page, uniqueEmail('subscriber'));
  await page.goto('/pricing');
  await page.getByRole('button', { name: 'Subscribe monthly' }).click();
  await payWithCard(page, '4242 4242 4242 4242');
  await expect(page.getByRole('heading', { name: "You're enrolled — start learning" })).toBeVisible();

  // The invoice and the saved card arrive by webhook, shortly after the success page.
  await expect(async () => {
    await page.goto('/account/purchases');
    await expect(page.getByTestId('purchase').getByRole('link', { name: /^Invoice/ })).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  const purchase = page.getByTestId('purchase');
  await expect(purchase).toContainText('All-Access');
  await expect(purchase.getByTestId('purchase-amount')).toHaveText('$19.00');
  await expect(purchase.getByRole('link', { name: /^PDF/ })).toHaveAttribute('href', /\/i\/.+\/pdf$/);
  await screenshots(page, 'purchases-subscription');

  await purchase.getByRole('link', { name: /^Receipt for All-Access/ }).click();
  await expect(page.getByRole('row', { name: /All-Access/ })).toBeVisible();
  await expect(page.getByTestId('receipt-total')).toHaveText('$19.00');
  await expect(page.getByRole('link', { name: 'Stripe invoice' })).toBeVisible();
  await screenshots(page, 'receipt-subscription');

  await expect(async () => {
    await page.goto('/account/payment-methods');
    await expect(page.getByTestId('payment-method')).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  const card = page.getByTestId('payment-method');
  await expect(card).toContainText('Visa •••• 4242');
  await expect(card).toContainText('Expires 12/2034');
  await screenshots(page, 'payment-methods');
});


// The full journey (a renewal failing after the clock moves a month, then paying the invoice)
// is e2e/app/renewal-failure.spec.ts. This one fails a charge without moving the shared clock,
// to check what the banner says and how it looks at both widths.
test('a failed subscription charge shows the past-due banner on every page, with a way to pay', async ({ page }) => {
  const email = uniqueEmail('pastdue');
  await signInThroughMailbox(page, email);
  await page.goto('/pricing');
  await page.getByRole('button', { name: 'Subscribe monthly' }).click();
  await payWithCard(page, '4242 4242 4242 4242');
  await expect(page.getByRole('heading', { name: "You're enrolled — start learning" })).toBeVisible();

  // A card that declines every charge becomes the default; a change billed at once then
  // fails, leaving the subscription past_due with an open invoice, as a failed renewal does.
  const stripe = sandboxStripe();
  const [customer] = (await stripe.customers.list({ email })).data;
  const [subscription] = (await stripe.subscriptions.list({ customer: customer!.id })).data;
  const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer!.id });
  await stripe.subscriptions.update(subscription!.id, { default_payment_method: failing.id });
  const declined = await stripe.subscriptions
    .update(subscription!.id, { items: [{ id: subscription!.items.data[0]!.id, quantity: 2 }], proration_behavior: 'always_invoice' })
    .then(() => null, (error: unknown) => error);
  expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);

  const banner = page.getByTestId('past-due-banner');
  // subscription.updated (past_due) and the invoice's own events arrive in either order; the
  // banner shows as soon as the first lands and gains the pay link when the invoice does.
  await expect(async () => {
    await page.goto('/');
    await expect(banner.getByRole('link', { name: /^Pay the invoice/ })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(banner).toContainText('Your All-Access renewal payment failed.');
  await expect(banner).toContainText(/You keep access until [A-Z][a-z]{2} \d{1,2}, \d{4}/);
  await expect(banner.getByRole('link', { name: /^Pay the invoice \(\$\d+\.\d{2}\)$/ })).toHaveAttribute('href', /\/i\/in_/);
  await expect(banner.getByRole('link', { name: 'Update your card' })).toHaveAttribute('href', '/account/subscription');
  await page.goto('/courses/sql-for-analysts');
  await expect(banner).toBeVisible();
  await page.goto('/account/purchases');
  await expect(banner).toBeVisible();
  // The declined change is an attempt, listed apart from the payments and without a receipt.
  const attempt = page.getByTestId('attempt').filter({ hasText: 'Failed' });
  await expect(attempt).toHaveCount(1);
  await expect(attempt).toContainText('not charged');
  await expect(attempt.getByRole('link', { name: /Receipt/ })).toHaveCount(0);
  await expect(page.getByTestId('purchase').filter({ hasText: 'Failed' })).toHaveCount(0);
  await screenshots(page, 'past-due-banner');
});
