import { expect, type Page, test as base } from '@playwright/test';

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

/** A unique address per test, so tests never share a user or a mailbox. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@bursar.test`;
}

export const test = base;
export { expect };
