import { expect, payWithCard, sandboxUrl, signInThroughMailbox, test, uniqueEmail, visitorKnown } from './fixtures';

// The money bug from the dunning issue, end to end in the browser: yearly → monthly leaves a
// credit; the subscription page shows it and a next payment of $0.00; a month later (the
// sandbox's test clock) the renewal is paid from the credit, the card is not charged, and the
// credit is smaller by one month. This spec advances the e2e sandbox's clock (like renewal-failure).

test('a downgrade’s credit is shown and pays the next renewal instead of the card', async ({ page }) => {
  test.setTimeout(180_000);
  await signInThroughMailbox(page, uniqueEmail('credit'));
  await page.goto('/pricing');
  await page.getByRole('button', { name: 'Subscribe yearly' }).click();
  await payWithCard(page, '4242 4242 4242 4242');
  await expect(page.getByText('All-Access is active')).toBeVisible();

  await page.goto('/account/subscription');
  await page.getByRole('link', { name: 'Switch to monthly billing' }).click();
  const explanation = page.getByTestId('proration-explanation');
  await expect(explanation).toContainText('stays on your account as credit');
  const promised = (await explanation.innerText()).match(/The remaining (\$[\d,]+\.\d\d) stays on your account as credit/)?.[1];
  expect(promised).toBeTruthy();
  await page.getByRole('button', { name: /^Confirm switch to/ }).click();
  await expect(page.getByTestId('done-notice')).toContainText('You are now billed monthly.');

  // The credit arrives with the customer's webhook; the page then shows it and what it covers.
  await expect(async () => {
    await page.goto('/account/subscription');
    await expect(page.getByTestId('account-credit')).toContainText(promised!, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId('next-payment')).toContainText('$0.00 on');
  await expect(page.getByTestId('next-payment')).toContainText('Covered by your credit');
  for (const [width, height] of [[1280, 900], [390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `test-results/subscription-credit-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // A month later the renewal is paid from the credit: still active, no past-due banner, and
  // the credit is one monthly price ($19.00) smaller.
  const advanced = await fetch(`${sandboxUrl}/_sandbox/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds: 32 * 24 * 3600 }) });
  expect(advanced.ok).toBe(true);
  const toCents = (money: string) => Math.round(Number(money.replace(/[$,]/g, '')) * 100);
  const expected = `$${((toCents(promised!) - 1900) / 100).toFixed(2)}`;
  await expect(async () => {
    await page.goto('/account/subscription');
    await expect(page.getByTestId('account-credit')).toContainText(expected, { timeout: 1000 });
  }).toPass({ timeout: 45_000 });
  await visitorKnown(page);
  await expect(page.getByTestId('past-due-banner')).toHaveCount(0);
  await expect(page.getByTestId('next-payment')).toContainText('$0.00 on');
});
