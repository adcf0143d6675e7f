import { buyCourse, expect, sandboxStripe, sandboxUrl, signInThroughMailbox, test, uniqueEmail } from './fixtures';

// Admin journey: a learner buys a course and uses it; their bank disputes the charge (opened
// from the sandbox's control API); the dispute appears in the queue with its deadline; the
// evidence is pre-filled from the learner's lesson progress; the admin saves and submits it;
// the sandbox closes it as won; the dashboard shows won.

const COURSE = { slug: 'pricing-your-software', lesson2: 'Packaging and plans' };
const SHOTS = process.env.SCREENSHOT_DIR;

async function control<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`${sandboxUrl}/_sandbox/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.ok, `${path}: ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

test('a disputed purchase: queue with deadline, evidence from lesson progress, submit, won', async ({ browser }) => {
  const learnerEmail = uniqueEmail('disputer');
  const learnerContext = await browser.newContext();
  const learner = await learnerContext.newPage();
  await signInThroughMailbox(learner, learnerEmail, '/account');
  await buyCourse(learner, COURSE.slug);
  const sessionId = new URL(learner.url()).searchParams.get('session_id');
  await learner.goto(`/learn/${COURSE.slug}/2`);
  await learner.getByRole('button', { name: 'Mark complete' }).click();
  await expect(learner.getByRole('button', { name: /Completed/ })).toBeVisible();
  await learnerContext.close();

  // The bank disputes the charge.
  const stripe = sandboxStripe();
  const session = await stripe.checkout.sessions.retrieve(sessionId!);
  const intent = await stripe.paymentIntents.retrieve(String(session.payment_intent));
  const dispute = await control<{ id: string; evidence_details: { due_by: number } }>(`charges/${String(intent.latest_charge)}/dispute`, { reason: 'product_not_received' });

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signInThroughMailbox(admin, 'admin-disputes@bursar.test', '/admin');
  await admin.goto('/admin/disputes');
  const row = admin.getByTestId('dispute-queue').getByRole('row', { name: new RegExp(learnerEmail) });
  await expect(async () => {
    await admin.reload();
    await expect(row).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(row.getByTestId('countdown')).toHaveText(/^6 days 2\d h left$/);
  await expect(row).toContainText(new Date(dispute.evidence_details.due_by * 1000).toISOString().slice(0, 16).replace('T', ' '));
  if (SHOTS) {
    await admin.screenshot({ path: `${SHOTS}/disputes-1280.png`, fullPage: true });
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.screenshot({ path: `${SHOTS}/disputes-390.png`, fullPage: true });
    await admin.setViewportSize({ width: 1280, height: 900 });
  }
  await row.getByRole('link').first().click();
  await expect(admin.getByRole('heading', { level: 1, name: /Dispute/ })).toBeVisible();
  await expect(admin.getByText('Product not received')).toBeVisible();

  // Pre-filled from what Bursar knows: the learner, the purchase, the completed lesson, the sign-in.
  await expect(admin.getByLabel('Customer email address')).toHaveValue(learnerEmail);
  const log = admin.getByLabel('Access activity log');
  await expect(log).toHaveValue(new RegExp(`Completed lesson 2 "${COURSE.lesson2}"`));
  await expect(log).toHaveValue(/Signed in/);
  await expect(log).toHaveValue(/1 completed/);
  await expect(admin.getByLabel('Product description')).toHaveValue(/Pricing Your Software/);
  await expect(admin.getByText('Save the draft to enable submitting.')).toBeVisible();
  if (SHOTS) {
    await admin.screenshot({ path: `${SHOTS}/dispute-1280.png`, fullPage: true });
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.screenshot({ path: `${SHOTS}/dispute-390.png`, fullPage: true });
    await admin.setViewportSize({ width: 1280, height: 900 });
  }

  await admin.getByLabel('Summary for the bank').fill('The learner bought the course, signed in and completed a lesson the same day.');
  await admin.getByRole('button', { name: 'Save draft' }).click();
  await expect(admin.getByText('Draft saved.')).toBeVisible();
  await expect(admin.getByTestId('evidence-source')).toContainText('Your saved draft');
  await admin.getByRole('button', { name: 'Submit evidence to Stripe' }).click();
  await expect(admin.getByTestId('evidence-readonly')).toContainText('signed in and completed a lesson');
  await expect(admin.getByTestId('dispute-status')).toBeVisible();
  const atStripe = await stripe.disputes.retrieve(dispute.id);
  expect(atStripe.status).toBe('under_review');
  expect(atStripe.evidence.access_activity_log).toContain(COURSE.lesson2);
  expect(atStripe.evidence.uncategorized_text).toBe('The learner bought the course, signed in and completed a lesson the same day.');

  // The bank decides for the merchant; the webhook brings it back.
  await control(`disputes/${dispute.id}/close`, { outcome: 'won' });
  await expect(async () => {
    await admin.reload();
    await expect(admin.getByTestId('dispute-outcome')).toContainText('Won', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await admin.goto('/admin/disputes?tab=closed');
  await expect(admin.getByTestId('dispute-queue').getByRole('row', { name: new RegExp(learnerEmail) })).toContainText('Won');
  await adminContext.close();
});
