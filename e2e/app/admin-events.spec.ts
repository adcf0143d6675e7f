import { expect, sandboxStripe, signInThroughMailbox, test } from './fixtures';

const appWebhookUrl = () => `${process.env.E2E_APP_URL ?? `http://127.0.0.1:${process.env.E2E_PORT ?? '3100'}`}/api/webhooks/stripe`;

test('a wrong webhook secret: the event shows as undelivered, and once fixed it is fetched and processed', async ({ page }) => {
  const stripe = sandboxStripe();
  // Break the secret the way an operator does: Stripe signs with an endpoint secret Bursar does
  // not hold (a new endpoint gets a new secret), while the right endpoint is disabled.
  const endpoints = await stripe.webhookEndpoints.list({ limit: 100 });
  const original = endpoints.data.find((e) => e.url === appWebhookUrl() && e.status === 'enabled');
  expect(original, 'the e2e server configures one endpoint').toBeDefined();
  await stripe.webhookEndpoints.update(original!.id, { disabled: true });
  const wrong = await stripe.webhookEndpoints.create({ url: appWebhookUrl(), enabled_events: ['*'] });
  let eventId: string;
  let customerId: string;
  try {
    const customer = await stripe.customers.create({ email: `broken-secret-${Date.now()}@bursar.test` });
    customerId = customer.id;
    await stripe.customers.update(customer.id, { name: 'Delivery Test' });
    const events = await stripe.events.list({ type: 'customer.updated', limit: 10 });
    const event = events.data.find((e) => (e.data.object as { id?: string }).id === customer.id);
    expect(event).toBeDefined();
    eventId = event!.id;
    // Stripe's attempt reaches Bursar and is refused (400, bad signature): nothing recorded.
    await expect
      .poll(async () => ((await fetch(sandboxDeliveries(eventId)).then((r) => r.json())) as Deliveries).data[0]?.attempts[0]?.status, { timeout: 15_000 })
      .toBe(400);
  } finally {
    // Fix: the wrong endpoint goes, the right one comes back.
    await stripe.webhookEndpoints.del(wrong.id);
    await stripe.webhookEndpoints.update(original!.id, { disabled: false });
  }

  await signInThroughMailbox(page, 'admin-events@bursar.test', '/admin/events');
  const undelivered = page.getByRole('region', { name: 'Not delivered by Stripe' });
  const row = undelivered.getByTestId('undelivered-row').filter({ hasText: eventId });
  await expect(row).toContainText('customer.updated');
  await expect(row).toContainText('Delivery failed');
  await row.getByRole('button', { name: 'Fetch and process' }).click();
  // Recorded: the page re-renders and the event leaves the undelivered list.
  await expect(undelivered.getByTestId('undelivered-row').filter({ hasText: eventId })).toHaveCount(0);

  await page.goto(`/admin/events/${eventId}`);
  await expect(page.getByRole('heading', { name: 'customer.updated' })).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('event-status')).toHaveText('Processed', { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByLabel('Event payload (JSON)')).toContainText(customerId!);

  // Replay a processed event: queued again (attempts back to 0), then processed again, later.
  const firstProcessed = await page.getByTestId('event-processed').textContent();
  await page.getByRole('button', { name: 'Replay event' }).click();
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('event-status')).toHaveText('Processed', { timeout: 1_000 });
    await expect(page.getByTestId('event-processed')).not.toHaveText(firstProcessed ?? '', { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });

  // The list finds it by type and status; the undelivered section no longer holds it.
  await page.goto(`/admin/events?type=customer.updated&status=processed`);
  await expect(page.getByTestId('event-row').filter({ hasText: eventId })).toBeVisible();
  await expect(page.getByTestId('undelivered-row').filter({ hasText: eventId })).toHaveCount(0);
});

type Deliveries = { data: { attempts: { status: number | null }[] }[] };

function sandboxDeliveries(eventId: string): string {
  const port = process.env.E2E_SANDBOX_PORT ?? '12112';
  return `http://127.0.0.1:${port}/_sandbox/deliveries?event=${eventId}`;
}
