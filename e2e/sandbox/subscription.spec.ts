import { expect, test } from '@playwright/test';
import Stripe from 'stripe';
import { startSandbox, type RunningSandbox } from '@bursar/stripe-sandbox';

let sandbox: RunningSandbox;
let stripe: Stripe;
let monthly: Stripe.Price;

test.beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, dataDir: null });
  stripe = new Stripe('sk_test_e2e', { apiVersion: '2026-10-28.endive', host: '127.0.0.1', port: sandbox.port, protocol: 'http' });
  const product = await stripe.products.create({ name: 'All-Access' });
  monthly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' } });
  await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 15000, recurring: { interval: 'year' } });
});

test.afterAll(async () => {
  await sandbox.close();
});

test('subscribes through Checkout, then cancels, resumes and switches to yearly in the portal', async ({ page }) => {
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    line_items: [{ price: monthly.id, quantity: 1 }],
    success_url: `${sandbox.url}/_sandbox?subscribed={CHECKOUT_SESSION_ID}`,
    allowed_payment_method_types: ['card'],
  });
  await page.goto(session.url!);
  await expect(page.getByTestId('total')).toHaveText('$15.00');
  await page.getByLabel('Email').fill('member@example.com');
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByLabel('Expiry (MM / YY)').fill('12 / 34');
  await page.getByLabel('CVC').fill('123');
  await page.getByLabel('Name on card').fill('Grace Hopper');
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page).toHaveURL(new RegExp(`subscribed=${session.id}`));

  const done = await stripe.checkout.sessions.retrieve(session.id);
  const portal = await stripe.billingPortal.sessions.create({ customer: done.customer as string, return_url: `${sandbox.url}/_sandbox?back=1` });
  await page.goto(portal.url);
  await expect(page.getByText('$15.00 per month')).toBeVisible();
  await expect(page.getByText(/Your plan renews on/)).toBeVisible();
  await page.getByRole('button', { name: 'Cancel plan' }).click();
  await expect(page.getByRole('status')).toContainText('Your plan has been canceled');
  await expect(page.getByText(/Your plan will be canceled on/)).toBeVisible();
  await page.getByRole('button', { name: 'Renew plan' }).click();
  await expect(page.getByText(/Your plan renews on/)).toBeVisible();
  await page.getByRole('button', { name: 'Switch to $150.00 per year' }).click();
  await expect(page.getByText('$150.00 per year')).toBeVisible();
  await expect(page.getByRole('row')).toHaveCount(3); // header + first invoice + the switch invoice
  await page.getByRole('link', { name: '← Return to Bursar' }).click();
  await expect(page).toHaveURL(/back=1/);
});
