import { expect, signInThroughMailbox, test, uniqueEmail } from './fixtures';

// Admin journey: find a learner, comp them a course (with a reason), and the learner can open
// it; the grant shows on the learner's page with who gave it. Then take it back.

const COURSE = { slug: 'accessible-by-design', title: 'Accessible by Design' };
const SHOTS = process.env.SCREENSHOT_DIR;

test('an admin grants a course to a learner, who can then open it; revoking closes it again', async ({ browser }) => {
  const learnerEmail = uniqueEmail('comped');
  const learnerContext = await browser.newContext();
  const learner = await learnerContext.newPage();
  await signInThroughMailbox(learner, learnerEmail, '/account');
  await learner.goto(`/learn/${COURSE.slug}/3`);
  await expect(learner.getByTestId('closed-reason')).toHaveText('You have not bought this course yet.');

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signInThroughMailbox(admin, 'admin-learners@bursar.test', '/admin');
  await admin.getByRole('link', { name: 'Learners' }).first().click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Learners' })).toBeVisible();
  await admin.getByLabel('Email or name').fill(learnerEmail);
  await admin.getByRole('button', { name: 'Apply' }).click();
  await admin.getByRole('link', { name: new RegExp(learnerEmail) }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(admin.getByTestId('lifetime-value')).toContainText('Nothing paid yet');

  // A reason is required; the refusal sits under the field and nothing is granted.
  await admin.getByLabel('Course', { exact: true }).selectOption({ label: COURSE.title });
  await admin.getByRole('button', { name: 'Grant access' }).click();
  await expect(admin.getByText('Enter a reason', { exact: false })).toBeVisible();
  await admin.getByLabel('Reason').fill('Accessibility reviewer for the new course');
  await admin.getByRole('button', { name: 'Grant access' }).click();
  await expect(admin.getByText('Access granted.')).toBeVisible();
  await admin.reload();
  const row = admin.getByTestId('enrollments').getByRole('row', { name: new RegExp(COURSE.title) });
  await expect(row).toContainText('Comp grant');
  await expect(row).toContainText('Active');
  await expect(row).toContainText('admin-learners@bursar.test');

  // A note, kept with its author and time.
  await admin.getByLabel('New note').fill('Reviewing the course for WCAG 2.2 wording.');
  await admin.getByRole('button', { name: 'Add note' }).click();
  await expect(admin.getByText('Note saved.')).toBeVisible();
  await admin.reload();
  await expect(admin.getByTestId('notes')).toContainText('Reviewing the course for WCAG 2.2 wording.');
  await expect(admin.getByTestId('notes')).toContainText('admin-learners@bursar.test');

  if (SHOTS) {
    await admin.setViewportSize({ width: 1280, height: 900 });
    await admin.screenshot({ path: `${SHOTS}/learner-1280.png`, fullPage: true });
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.screenshot({ path: `${SHOTS}/learner-390.png`, fullPage: true });
    await admin.goto(`/admin/learners?q=${encodeURIComponent(learnerEmail)}`);
    await admin.screenshot({ path: `${SHOTS}/learners-390.png`, fullPage: true });
    await admin.setViewportSize({ width: 1280, height: 900 });
    await admin.screenshot({ path: `${SHOTS}/learners-1280.png`, fullPage: true });
    await admin.goBack();
  }

  // The learner can open a non-preview lesson now.
  await learner.goto(`/learn/${COURSE.slug}/3`);
  await expect(learner.getByRole('button', { name: 'Mark complete' })).toBeVisible();

  // Revoke: the course closes again.
  await admin.goto(admin.url());
  await admin.getByText('Revoke…').click();
  await admin.getByTestId('enrollments').getByRole('textbox', { name: 'Reason' }).fill('Review finished');
  await admin.getByRole('button', { name: `Revoke access to ${COURSE.title}` }).click();
  await expect(admin.getByTestId('enrollments').getByRole('row', { name: new RegExp(COURSE.title) })).toContainText('Revoked (admin)');
  await learner.goto(`/learn/${COURSE.slug}/3`);
  await expect(learner.getByTestId('closed-reason')).toBeVisible();

  await learnerContext.close();
  await adminContext.close();
});
