// Errors are shown where the user looks, name the file, and stay until dismissed.
import { createProject, expect, openApp, test, writeFileIn, writeLinearCsv } from './fixtures';

test('an empty CSV shows the error in the import box with the file name, and it can be dismissed', async ({ page, problems, dataDir }) => {
  await openApp(page);
  await createProject(page, `Errors ${Date.now()}`);
  const empty = await writeFileIn(dataDir, 'empty.csv', '');
  await page.getByTestId('file-input').setInputFiles(empty);

  const panel = page.getByTestId('error-import');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('Importing empty.csv failed');
  // Beside the control that caused it, and no internal folder in the message.
  await expect(page.getByTestId('dropzone').getByTestId('error-import')).toBeVisible();
  await expect(panel).not.toContainText('/tmp/');
  await expect(panel.getByTestId('error-place')).toContainText('empty.csv');
  await expect(panel.getByTestId('error-message')).not.toBeEmpty();
  await page.getByTestId('error-dismiss').click();
  await expect(panel).toHaveCount(0);
  expect(problems.csp).toEqual([]);
});

test('the form refuses impossible values, and the engine’s own refusals are shown', async ({ page, dataDir }) => {
  await openApp(page);
  await createProject(page, `Validation ${Date.now()}`);
  await page.getByTestId('file-input').setInputFiles(await writeLinearCsv(dataDir, 'small.csv', 40));
  await expect(page.getByTestId('dataset-details')).toBeVisible();
  await page.getByTestId('go-train').click();

  await page.getByTestId('solver').selectOption('gradient');
  await page.getByTestId('reg-l2').click();
  await page.getByTestId('lambda2').fill('-1');
  await expect(page.getByTestId('lambda2-problem')).toContainText('from 0');
  await page.getByTestId('epochs').fill('0');
  await expect(page.getByTestId('epochs-problem')).toBeVisible();
  await page.getByTestId('train').click();
  await expect(page.getByTestId('form-invalid')).toBeVisible();
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-state', 'idle');

  // Above the engine's limit: the form knows the limit from the same schema and says it.
  await page.getByTestId('lambda2').fill('0.1');
  await page.getByTestId('epochs').fill('200000');
  await expect(page.getByTestId('epochs-problem')).toContainText('100,000');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-state', 'idle');
});

test('a wrong session token shows the disconnected state instead of an empty app', async ({ page }) => {
  const url = new URL(process.env.REGULA_URL ?? '');
  url.hash = 'token=not-the-token';
  await page.goto(url.toString());
  await expect(page.getByTestId('disconnected')).toContainText('session token');
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'false');
  await expect(page.getByTestId('statusbar')).toContainText('Disconnected');
});
