import { buyCourse, expect, signInThroughMailbox, test, uniqueEmail } from './fixtures';

test('a learner works through lessons: mark complete, next and previous, progress saved', async ({ page }) => {
  await signInThroughMailbox(page, uniqueEmail('student'));
  await buyCourse(page, 'product-discovery-without-the-theater');
  await page.getByRole('link', { name: 'Start learning' }).click();
  await expect(page.getByTestId('progress-text')).toHaveText('0 of 4 lessons complete');

  await page.getByRole('link', { name: 'Start the first lesson' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Outcomes, not features' })).toBeVisible();
  await page.getByRole('button', { name: 'Mark complete' }).click();
  await expect(page.getByRole('button', { name: /Completed/ })).toBeVisible();

  await page.getByRole('link', { name: /Interviews that reveal behaviour →/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Interviews that reveal behaviour' })).toBeVisible();
  await page.getByRole('link', { name: /← Outcomes, not features/ }).click();
  await expect(page.getByRole('button', { name: /Completed/ })).toBeVisible();

  await page.goto('/learn/product-discovery-without-the-theater');
  await expect(page.getByTestId('progress-text')).toHaveText('1 of 4 lessons complete');
  await expect(page.getByRole('link', { name: 'Continue where you left off' })).toHaveAttribute('href', '/learn/product-discovery-without-the-theater/2');
  await page.goto('/account');
  await expect(page.getByRole('list', { name: 'Owned courses' })).toContainText('1 of 4 lessons complete');
});

test('a lesson of a course the learner does not have explains why, previews are open, unknown lessons are 404', async ({ page }) => {
  await signInThroughMailbox(page, uniqueEmail('browser'));
  await page.goto('/learn/sql-for-analysts/4');
  await expect(page.getByTestId('closed-reason')).toHaveText('You have not bought this course yet.');
  await expect(page.getByText('NULL, the value that is not one')).toHaveCount(0);
  // The first lesson is a free preview.
  await page.goto('/learn/sql-for-analysts/1');
  await expect(page.getByRole('heading', { level: 1, name: 'Tables, rows and your first SELECT' })).toBeVisible();
  await expect(page.getByText('This is a free preview.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Mark complete' })).toHaveCount(0);
  expect((await page.request.get('/learn/sql-for-analysts/99')).status()).toBe(404);
  expect((await page.request.get('/learn/sql-for-analysts/abc')).status()).toBe(404);
});
