import type Stripe from 'stripe';
import { formatMoney } from '../../lib/billing/money';
import { buyCourse, expect, payWithCard, sandboxStripe, signInThroughMailbox, test, uniqueEmail } from './fixtures';

// Admin journeys over money: find a learner's payment by email, refund part of it keeping
// access, and the learner sees the partial refund on the receipt; then the overview's numbers
// for today equal those computed independently from the sandbox's own objects.

const COURSE = { slug: 'web-performance-measure-then-fix', title: 'Web Performance: Measure, Then Fix' };
const SHOTS = process.env.SCREENSHOT_DIR;

test('an admin finds a payment by email, refunds part of it keeping access, and the learner sees it on the receipt', async ({ browser }) => {
  const email = uniqueEmail('refunded');
  const learnerContext = await browser.newContext();
  const learner = await learnerContext.newPage();
  await signInThroughMailbox(learner, email, '/account');
  await buyCourse(learner, COURSE.slug);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signInThroughMailbox(admin, 'admin-refunds@bursar.test', '/admin');
  await admin.getByRole('link', { name: 'Payments' }).first().click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Payments' })).toBeVisible();
  await admin.getByLabel('Search').fill(email);
  await admin.getByRole('button', { name: 'Apply' }).click();
  const table = admin.getByTestId('payments-table');
  // Fulfillment may still be catching up with the webhook: poll until the payment is listed.
  await expect(async () => {
    await admin.reload();
    await expect(table.getByRole('row').filter({ hasText: email })).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(table).toContainText('Succeeded');
  await table.getByRole('row').filter({ hasText: email }).getByRole('link').first().click();

  await expect(admin.getByRole('heading', { level: 1, name: /^Payment BR-/ })).toBeVisible();
  await expect(admin.getByTestId('payment-learner')).toContainText(email);
  await expect(admin.getByTestId('payment-access')).toContainText('Active');
  await expect(admin.getByTestId('payment-timeline')).toContainText('checkout.session.completed');

  // Too much is refused with a sentence and changes nothing.
  const refund = admin.getByTestId('refund-section');
  await refund.getByLabel('Amount (USD)').fill('500');
  await refund.getByRole('button', { name: 'Review refund' }).click();
  await expect(admin.getByRole('alert').filter({ hasText: 'can still be refunded' })).toBeVisible();

  await refund.getByLabel('Amount (USD)').fill('10');
  await refund.getByLabel('Reason').selectOption('requested_by_customer');
  await refund.getByLabel('As the rules say', { exact: false }).check();
  await refund.getByRole('button', { name: 'Review refund' }).click();
  const confirm = admin.getByTestId('refund-confirm');
  await expect(confirm).toContainText('$10.00 goes back to Visa •••• 4242');
  await expect(confirm).toContainText(`${email} keeps access to ${COURSE.title}.`);
  if (SHOTS) await shoot(admin, 'refund-confirm');
  await confirm.getByRole('button', { name: 'Refund $10.00' }).click();
  await expect(admin.getByTestId('refund-sent')).toContainText('Refund sent to Stripe');

  // The result arrives through the normal webhook path.
  await expect(async () => {
    await admin.reload();
    await expect(admin.getByTestId('payment-refunds').locator('[data-refund-status="succeeded"]')).toHaveCount(1, { timeout: 1000 });
    // Stripe may answer the request with the refund already succeeded; the payment moves when its webhook is processed.
    await expect(admin.getByText('Partially refunded').first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(admin.getByTestId('payment-refunds')).toContainText('from the dashboard');
  await expect(admin.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(admin.getByText('Partially refunded').first()).toBeVisible();
  await expect(admin.getByTestId('payment-access')).toContainText('Active');
  await expect(admin.getByTestId('payment-timeline')).toContainText('refund.requested');
  if (SHOTS) await shoot(admin, 'payment');

  // The refunds list shows it, reached from the payment; a filter that excludes it says so.
  await admin.getByRole('link', { name: 'These refunds in the refunds list' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Refunds' })).toBeVisible();
  const refunds = admin.getByTestId('refunds-table');
  const row = refunds.getByRole('row').filter({ hasText: email });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('$10.00');
  await expect(row).toContainText('Succeeded');
  if (SHOTS) await shoot(admin, 'refunds');
  await admin.getByLabel('Status').selectOption('failed');
  await admin.getByRole('button', { name: 'Apply' }).click();
  await expect(admin.getByText('No refunds match these filters')).toBeVisible();

  // The learner: the receipt shows the partial refund, and the course still opens.
  await learner.goto('/account/purchases');
  await learner.getByTestId('purchase').filter({ hasText: COURSE.title }).getByRole('link', { name: /^Receipt for / }).click();
  await expect(learner.getByTestId('receipt-refund')).toContainText('−$10.00');
  await learner.goto(`/learn/${COURSE.slug}/3`);
  await expect(learner.getByRole('button', { name: 'Mark complete' })).toBeVisible();

  await learnerContext.close();
  await adminContext.close();
});

test('an admin refunds part of a subscription payment: a credit note on its invoice, shown to the admin and on the learner\'s receipt', async ({ browser }) => {
  const email = uniqueEmail('credit-note');
  const learnerContext = await browser.newContext();
  const learner = await learnerContext.newPage();
  await signInThroughMailbox(learner, email, '/account');
  await learner.goto('/pricing');
  await learner.getByRole('button', { name: 'Subscribe monthly' }).click();
  await payWithCard(learner, '4242 4242 4242 4242');
  await expect(learner.getByText('All-Access is active')).toBeVisible();

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signInThroughMailbox(admin, 'admin-credit-notes@bursar.test', '/admin');
  await admin.goto(`/admin/payments?q=${encodeURIComponent(email)}`);
  const table = admin.getByTestId('payments-table');
  await expect(async () => {
    await admin.reload();
    await expect(table.getByRole('row').filter({ hasText: email }).filter({ hasText: 'Succeeded' })).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await table.getByRole('row').filter({ hasText: email }).getByRole('link').first().click();
  await expect(admin.getByRole('heading', { level: 1, name: /^Payment BR-/ })).toBeVisible();
  const refund = admin.getByTestId('refund-section');
  await expect(refund).toContainText('A subscription payment is refunded with a credit note on its invoice');
  // No enrollment comes from a subscription payment, so there is no access to choose.
  await expect(refund.getByRole('group', { name: 'Course access' })).toHaveCount(0);

  // Too much is refused with a sentence and changes nothing.
  await refund.getByLabel('Amount (USD)').fill('19.01');
  await refund.getByRole('button', { name: 'Review refund' }).click();
  await expect(admin.getByRole('alert').filter({ hasText: 'At most $19.00 can still be refunded.' })).toBeVisible();
  await expect(admin.getByTestId('payment-credit-notes')).toHaveCount(0);

  await refund.getByLabel('Amount (USD)').fill('5');
  await refund.getByRole('button', { name: 'Review refund' }).click();
  const confirm = admin.getByTestId('refund-confirm');
  await expect(confirm).toContainText('$5.00 goes back to Visa •••• 4242 ($14.00 stays refundable).');
  await expect(confirm).toContainText('Stripe issues a credit note for $5.00 on invoice');
  await expect(confirm).toContainText('The All-Access subscription itself carries on');
  if (SHOTS) await shoot(admin, 'credit-note-confirm');
  await confirm.getByRole('button', { name: 'Refund $5.00' }).click();
  await expect(admin.getByTestId('refund-sent')).toContainText(/Credit note \S+-CN-01 issued on the invoice/);

  // The credit note and its refund arrive through the webhook path.
  await expect(async () => {
    await admin.reload();
    await expect(admin.getByTestId('payment-credit-notes').locator('[data-credit-note-status="issued"]')).toHaveCount(1, { timeout: 1000 });
    await expect(admin.getByTestId('payment-refunds').locator('[data-refund-status="succeeded"]')).toHaveCount(1, { timeout: 1000 });
    await expect(admin.getByText('Partially refunded').first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  const notes = admin.getByTestId('payment-credit-notes');
  await expect(notes).toContainText('$5.00 refunded');
  await expect(notes).toContainText('from the dashboard');
  await expect(admin.getByTestId('payment-timeline')).toContainText('credit_note.created');
  await expect(admin.getByTestId('refund-section')).toContainText('Up to $14.00 can be refunded.');
  if (SHOTS) await shoot(admin, 'credit-note-payment');

  // Stripe's records agree: one credit note on the invoice, refunding $5.00.
  const stripe = sandboxStripe();
  const invoiceLink = admin.getByTestId('payment-facts').getByRole('link', { name: /^in_/ });
  const invoiceId = (await invoiceLink.innerText()).trim();
  const atStripe = await stripe.creditNotes.list({ invoice: invoiceId });
  expect(atStripe.data.map((n) => [n.total, n.refunds[0]?.amount_refunded])).toEqual([[500, 500]]);

  // The learner's receipt shows the refund and the credit note that made it.
  await learner.goto('/account/purchases');
  await learner.getByTestId('purchase').first().getByRole('link', { name: /^Receipt for / }).click();
  await expect(learner.getByTestId('receipt-refund')).toContainText('−$5.00');
  await expect(learner.getByTestId('receipt-credit-note')).toContainText(/Credit note \S+-CN-01 on this invoice/);
  await learner.goto('/account');
  await expect(learner.getByText('All-Access is active')).toBeVisible();

  await learnerContext.close();
  await adminContext.close();
});

test("the overview's numbers for today equal the sandbox's own charges and refunds", async ({ page }) => {
  const stripe = sandboxStripe();
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  const since = Math.floor(today.getTime() / 1000);
  const sumBy = <T>(items: T[], currency: (t: T) => string, amount: (t: T) => number) => {
    const out: Record<string, number> = {};
    for (const item of items) out[currency(item)] = (out[currency(item)] ?? 0) + amount(item);
    return out;
  };
  const fromSandbox = async () => {
    const charges: Stripe.Charge[] = [];
    for await (const charge of stripe.charges.list({ limit: 100 })) if (charge.created >= since && charge.status === 'succeeded') charges.push(charge);
    const refunds: Stripe.Refund[] = [];
    for await (const refund of stripe.refunds.list({ limit: 100 })) if (refund.created >= since && refund.status !== 'failed' && refund.status !== 'canceled') refunds.push(refund);
    return {
      gross: sumBy(charges, (c) => c.currency, (c) => c.amount),
      refunds: sumBy(refunds, (r) => r.currency, (r) => r.amount),
      payments: sumBy(charges, (c) => c.currency, () => 1),
    };
  };
  // Make sure today has at least one sale of our own.
  await signInThroughMailbox(page, uniqueEmail('overview'), '/account');
  await buyCourse(page, 'sql-for-analysts');

  await page.context().clearCookies();
  await signInThroughMailbox(page, 'admin-overview@bursar.test', '/admin');
  await expect(async () => {
    const expected = await fromSandbox();
    expect(Object.keys(expected.gross).length).toBeGreaterThan(0);
    for (const currency of Object.keys(expected.gross)) {
      await page.goto(`/admin?range=today&currency=${currency}`);
      const money = (amount: number) => formatMoney({ amount, currency });
      await expect(page.getByTestId('metric-gross')).toContainText(money(expected.gross[currency] ?? 0), { timeout: 1000 });
      await expect(page.getByTestId('metric-gross')).toContainText(`${expected.payments[currency]} successful payments`, { timeout: 1000 });
      await expect(page.getByTestId('metric-refunds')).toContainText(money(expected.refunds[currency] ?? 0), { timeout: 1000 });
      // No dispute is lost today in this run unless one was closed as lost: net = gross − refunds − lost.
      const lost = await page.getByTestId('metric-disputes-lost').locator('dd').first().innerText();
      if (lost.trim() === money(0)) await expect(page.getByTestId('metric-net')).toContainText(money((expected.gross[currency] ?? 0) - (expected.refunds[currency] ?? 0)), { timeout: 1000 });
    }
  }).toPass({ timeout: 60_000 });
  if (SHOTS) await shoot(page, 'overview');
});

async function shoot(page: import('@playwright/test').Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${SHOTS}/${name}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}
