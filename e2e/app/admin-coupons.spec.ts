import { expect, payWithCard, signInThroughMailbox, test, uniqueEmail } from './fixtures';

// The journey: a 20% promotion code limited to one course → a learner redeems it at
// Checkout → the receipt and the admin's payment show the discount.
// Two sign-ins, a hosted Checkout and the webhook: on a loaded two-core box this takes minutes.
test.setTimeout(360_000);

test('an admin creates a 20% code for one course; a learner redeems it; receipt and admin payment show the discount', async ({ page, browser }, testInfo) => {
  const code = `PRICING20-${Date.now().toString(36).toUpperCase()}`;
  await signInThroughMailbox(page, 'admin-coupons@bursar.test', '/admin/coupons');
  await expect(page.getByRole('heading', { name: 'Coupons', exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'New coupon' }).click();

  // Bad input: a sentence under the field, nothing created.
  await page.getByRole('button', { name: 'Create coupon' }).click();
  await expect(page.getByText('Give the coupon a name.')).toBeVisible();

  await page.getByLabel('Name').fill('Pricing launch');
  await page.getByRole('textbox', { name: 'Percent off' }).fill('20');
  await page.getByLabel('Pricing Your Software').check();
  await page.getByLabel('Promotion code (optional)').fill(code);
  await page.getByRole('button', { name: 'Create coupon' }).click();
  await expect(page.getByRole('heading', { name: 'Pricing launch' })).toBeVisible();
  await expect(page.getByTestId('coupon-terms')).toContainText('Pricing Your Software');
  await expect(page.getByTestId('promotion-codes')).toContainText(code);
  await expect(page.getByTestId('promotion-codes')).toContainText('Active');
  const couponUrl = page.url().replace(/\?.*$/, '');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath('coupon-390.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  // The learner types the code on the hosted Checkout page.
  const learner = await browser.newPage();
  const buyer = uniqueEmail('coupon-buyer');
  await signInThroughMailbox(learner, buyer, '/account');
  await learner.goto('/courses/pricing-your-software');
  await learner.getByRole('button', { name: 'Buy course' }).click();
  await learner.getByLabel('Promotion code').fill(code.toLowerCase());
  await learner.getByRole('button', { name: 'Apply' }).click();
  await expect(learner.getByTestId('discount')).toContainText(`Discount (${code})`);
  await expect(learner.getByTestId('discount')).toContainText('$15.80');
  await payWithCard(learner, '4242 4242 4242 4242');
  await expect(learner.getByRole('heading', { name: "You're enrolled — start learning" })).toBeVisible();

  await learner.goto('/account/purchases');
  await learner.getByRole('link', { name: /Receipt for Pricing Your Software/ }).first().click();
  await expect(learner.getByRole('row', { name: new RegExp(`Discount \\(${code}\\)`) })).toContainText('$15.80');
  await expect(learner.getByTestId('receipt-total')).toHaveText('$63.20');
  await expect(learner.getByTestId('receipt-paid')).toHaveText('$63.20');
  // The receipt email says the same: price, the discount with its code, what was paid.
  const receiptMail = learner.getByRole('link', { name: /Your receipt for Pricing Your Software/ }).first();
  await expect(async () => {
    await learner.goto(`/dev/mailbox?to=${encodeURIComponent(buyer)}`);
    await expect(receiptMail).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await receiptMail.click();
  const mail = learner.frameLocator('iframe[title="Message body"]');
  await expect(mail.getByText(`Discount (${code})`)).toBeVisible();
  await expect(mail.getByText('−$15.80')).toBeVisible();
  await expect(mail.getByText('$79.00')).toBeVisible();
  await learner.close();

  // The admin sees the redemption and the payment's discount.
  await page.goto(couponUrl);
  await expect(page.getByTestId('coupon-terms')).toContainText('Redeemed1');
  // The admin's outbox holds that receipt; its rendered email carries the discount line too.
  await page.goto(`/admin/notifications?template=purchase-receipt&recipient=${encodeURIComponent(buyer)}`);
  await expect(page.getByTestId('outbox-row')).toHaveCount(1);
  await page.getByTestId('outbox-row').getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: 'Your receipt for Pricing Your Software' })).toBeVisible();
  await expect(page.frameLocator('iframe[title="Rendered email"]').getByText(`Discount (${code})`)).toBeVisible();
  await page.goto(couponUrl);
  await page.getByRole('link', { name: /\$63\.20 paid/ }).click();
  await expect(page.getByTestId('payment-discount')).toContainText('$15.80');
  await expect(page.getByTestId('payment-discount')).toContainText(code);

  // Deactivated: the code stays listed, no longer redeemable.
  await page.goto(couponUrl);
  await page.getByRole('button', { name: `Deactivate ${code}` }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deactivated.' })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('promotion-codes')).toContainText('Deactivated');
  await page.goto('/admin/coupons');
  await expect(page.getByTestId('coupons-table')).toContainText('Pricing launch');
});
