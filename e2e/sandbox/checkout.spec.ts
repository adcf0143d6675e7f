import { expect, test } from '@playwright/test';
import Stripe from 'stripe';
import { startSandbox, type RunningSandbox } from '@bursar/stripe-sandbox';

let sandbox: RunningSandbox;
let stripe: Stripe;
let price: Stripe.Price;
let yenPrice: Stripe.Price;

test.beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, dataDir: null });
  stripe = new Stripe('sk_test_e2e', { apiVersion: '2026-10-28.endive', host: '127.0.0.1', port: sandbox.port, protocol: 'http' });
  const product = await stripe.products.create({ name: 'Rust for humans' });
  price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 4800 });
  yenPrice = await stripe.prices.create({ product: product.id, currency: 'jpy', unit_amount: 4800 });
});

test.afterAll(async () => {
  await sandbox.close();
});

async function createSession(p: Stripe.Price = price) {
  return stripe.checkout.sessions.create({
    line_items: [{ price: p.id, quantity: 1 }],
    success_url: `${sandbox.url}/_sandbox?paid={CHECKOUT_SESSION_ID}`,
    cancel_url: `${sandbox.url}/_sandbox?canceled=1`,
    allowed_payment_method_types: ['card'],
  });
}

async function fillCard(page: import('@playwright/test').Page, number: string) {
  await page.getByLabel('Email').fill('learner@example.com');
  await page.getByLabel('Card number').fill(number);
  await page.getByLabel('Expiry (MM / YY)').fill('12 / 34');
  await page.getByLabel('CVC').fill('123');
  await page.getByLabel('Name on card').fill('Ada Lovelace');
}

test('pays with 4242 and lands on success_url', async ({ page }) => {
  const session = await createSession();
  await page.goto(session.url!);
  await expect(page.getByTestId('total')).toHaveText('$48.00');
  await expect(page.getByText('Rust for humans')).toBeVisible();
  await fillCard(page, '4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Pay $48.00' }).click();
  await expect(page).toHaveURL(new RegExp(`paid=${session.id}`));
  const done = await stripe.checkout.sessions.retrieve(session.id);
  expect(done.payment_status).toBe('paid');
});

test('a declined card shows Stripe wording, then 4242 succeeds in the same session', async ({ page }) => {
  const session = await createSession();
  await page.goto(session.url!);
  await fillCard(page, '4000 0000 0000 0002');
  await page.getByRole('button', { name: /Pay/ }).click();
  await expect(page.getByRole('alert')).toHaveText('Your card was declined.');
  await expect(page.getByLabel('Email')).toHaveValue('learner@example.com');
  await expect(page.getByLabel('Card number')).toHaveValue('');
  await fillCard(page, '4242 4242 4242 4242');
  await page.getByRole('button', { name: /Pay/ }).click();
  await expect(page).toHaveURL(new RegExp(`paid=${session.id}`));
  expect((await stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe('paid');
});

test('passes a 3-D Secure challenge', async ({ page }) => {
  const session = await createSession();
  await page.goto(session.url!);
  await fillCard(page, '4000 0025 0000 3155');
  await page.getByRole('button', { name: /Pay/ }).click();
  await expect(page.getByRole('heading', { name: '3D Secure 2 test page' })).toBeVisible();
  await page.getByRole('button', { name: 'Complete authentication' }).click();
  await expect(page).toHaveURL(new RegExp(`paid=${session.id}`));
  expect((await stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe('paid');
});

test('a failed 3-D Secure challenge returns to checkout with the reason', async ({ page }) => {
  const session = await createSession();
  await page.goto(session.url!);
  await fillCard(page, '4000 0025 0000 3155');
  await page.getByRole('button', { name: /Pay/ }).click();
  await page.getByRole('button', { name: 'Fail authentication' }).click();
  await expect(page.getByRole('alert')).toContainText('We are unable to authenticate your payment method.');
  expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
});

test('shows a yen total without decimals and the cancel link goes to cancel_url', async ({ page }) => {
  const session = await createSession(yenPrice);
  await page.goto(session.url!);
  await expect(page.getByTestId('total')).toHaveText('¥4,800');
  await page.getByRole('link', { name: /Cancel and return/ }).click();
  await expect(page).toHaveURL(/canceled=1/);
});
