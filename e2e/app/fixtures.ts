import { expect, type Page, test as base } from '@playwright/test';
import Stripe from 'stripe';

/** Signs in through the real flow: the form, the local mailbox, the magic link. */
export async function signInThroughMailbox(page: Page, email: string, returnTo = '/account'): Promise<void> {
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();

  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  await page.getByRole('link', { name: /Sign in to Bursar/ }).first().click();
  await expect(page.getByTestId('message-to')).toHaveText(email);
  await page.frameLocator('iframe[title="Message body"]').getByRole('link', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.pathname === returnTo);
}

/**
 * Waits until the page's per-visitor holes are filled (GET /api/visitor answered: header, past-due
 * banner, purchase panel), so that a check that something is absent means it and is not just early.
 */
export async function visitorKnown(page: Page): Promise<void> {
  await expect(page.getByTestId('account-slot')).toHaveAttribute('data-visitor', /^(signed-in|anonymous)$/);
}

/** A unique address per test, so tests never share a user or a mailbox. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@bursar.test`;
}

/** Fills the sandbox's hosted Checkout card form and pays (the email may be prefilled). */
export async function payWithCard(page: Page, cardNumber: string): Promise<void> {
  await expect(page.getByLabel('Card number')).toBeVisible();
  const emailField = page.getByLabel('Email');
  if ((await emailField.isEditable()) && !(await emailField.inputValue())) await emailField.fill('learner@bursar.test');
  await page.getByLabel('Card number').fill(cardNumber);
  await page.getByLabel('Expiry (MM / YY)').fill('12 / 34');
  await page.getByLabel('CVC').fill('123');
  await page.getByLabel('Name on card').fill('Test Learner');
  await page.getByRole('button', { name: /^(Pay|Subscribe)/ }).click();
}

/** Buys a course through the real hosted Checkout with 4242 and waits for the success page. */
export async function buyCourse(page: Page, slug: string): Promise<void> {
  await page.goto(`/courses/${slug}`);
  await page.getByRole('button', { name: 'Buy course' }).click();
  await payWithCard(page, '4242 4242 4242 4242');
  await expect(page.getByRole('heading', { name: "You're enrolled — start learning" })).toBeVisible();
}

/** The e2e server's own sandbox (scripts/e2e-server.ts): its URL and a Stripe client for it. */
export const sandboxUrl = `http://127.0.0.1:${process.env.E2E_SANDBOX_PORT ?? '12112'}`;
export function sandboxStripe(): Stripe {
  return new Stripe('sk_test_e2e', { apiVersion: '2026-10-28.endive', host: '127.0.0.1', port: Number(new URL(sandboxUrl).port), protocol: 'http' });
}

export const test = base;
export { expect };
