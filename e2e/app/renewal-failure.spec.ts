import { expect, payWithCard, sandboxStripe, sandboxUrl, signInThroughMailbox, test, uniqueEmail, visitorKnown } from './fixtures';

// This spec advances the e2e sandbox's clock, so it is named to run after the other app specs.
const stripe = sandboxStripe();

test('a failed renewal shows the past-due banner until the learner pays the invoice', async ({ page }) => {
  const email = uniqueEmail('renewal');
  await signInThroughMailbox(page, email);
  await page.goto('/pricing');
  await page.getByRole('button', { name: 'Subscribe monthly' }).click();
  await payWithCard(page, '4242 4242 4242 4242');
  await expect(page.getByRole('heading', { name: "You're enrolled — start learning" })).toBeVisible();
  await visitorKnown(page);
  await expect(page.getByTestId('past-due-banner')).toHaveCount(0);

  // The card on file starts failing (Stripe's 0341 test card), then a month passes.
  const [customer] = (await stripe.customers.list({ email, limit: 1 })).data;
  if (!customer) throw new Error(`no Stripe customer for ${email}`);
  const failing = await stripe.paymentMethods.create({ type: 'card', card: { number: '4000000000000341', exp_month: 12, exp_year: 2034, cvc: '123' } });
  await stripe.paymentMethods.attach(failing.id, { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });
  const [subscription] = (await stripe.subscriptions.list({ customer: customer.id, limit: 1 })).data;
  if (!subscription) throw new Error('no subscription');
  await stripe.subscriptions.update(subscription.id, { default_payment_method: failing.id });
  const advanced = await fetch(`${sandboxUrl}/_sandbox/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds: 32 * 24 * 3600 }) });
  expect(advanced.ok).toBe(true);

  // The webhooks arrive; every page of the learner's session now carries the banner.
  // subscription.updated and the invoice's events arrive in either order: wait for the
  // banner with its pay link (the open invoice) before going on.
  await expect(async () => {
    await page.goto('/account');
    await expect(page.getByTestId('past-due-banner').getByRole('link', { name: /Pay the invoice/ })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  const banner = page.getByTestId('past-due-banner');
  await expect(banner).toContainText('renewal payment failed');
  // The subscription page says what happens next, from the configured dunning policy.
  await page.goto('/account/subscription');
  await expect(page.getByTestId('dunning-policy')).toContainText('When a renewal payment fails, we try your card again 3 more times');
  await page.goto('/courses/sql-for-analysts');
  await expect(banner).toBeVisible();

  // Pay the open invoice on Stripe's hosted invoice page with a working card.
  await banner.getByRole('link', { name: /Pay the invoice/ }).click();
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByLabel('Expiry (MM / YY)').fill('12 / 34');
  await page.getByLabel('CVC').fill('123');
  await page.getByLabel('Name on card').fill('Test Learner');
  await page.getByRole('button', { name: /^Pay/ }).click();
  await expect(page.getByTestId('invoice-status')).toHaveText('Paid');

  await expect(async () => {
    await page.goto('/account');
    await expect(page.getByTestId('past-due-banner')).toHaveCount(0, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId('all-access-active')).toBeVisible();
});
