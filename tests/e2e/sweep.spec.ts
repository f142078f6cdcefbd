// A regularization path: the model form's L1 spec over a λ grid, drawn as it runs and kept in Runs.
import { createProject, expect, openApp, screenshotPath, test, writeLinearCsv } from './fixtures';

test('sweep λ for an L1 model and read the path in the runs view', async ({ page, problems, dataDir }, testInfo) => {
  await openApp(page);
  await createProject(page, `Sweep ${Date.now()}`);
  await page.getByTestId('file-input').setInputFiles(await writeLinearCsv(dataDir));
  await expect(page.getByTestId('dataset-details')).toBeVisible();
  await page.getByTestId('go-train').click();
  await page.getByTestId('target-select').selectOption('y');
  await page.getByTestId('feature-id').uncheck();

  // No penalty chosen yet: the sweep says what is missing instead of starting.
  await page.getByTestId('sweep-start').click();
  await expect(page.getByTestId('sweep-problems')).toContainText('Choose L1');

  await page.getByTestId('reg-l1').click();
  await page.getByTestId('grid-custom').click();
  await page.getByTestId('sweep-folds').fill('0');
  await page.getByTestId('sweep-from').fill('0.001');
  await page.getByTestId('sweep-to').fill('3');
  await page.getByTestId('sweep-steps').fill('6');
  await page.getByTestId('sweep-start').click();
  await expect(page.getByTestId('sweep-panel').getByTestId('sweep-chart')).toHaveAttribute('data-points', '6', { timeout: 120_000 });

  await page.getByTestId('nav-runs').click();
  const row = page.getByTestId('sweep-row').first();
  await expect(row).toHaveAttribute('data-status', 'completed', { timeout: 60_000 });
  await expect(row).toContainText('6 / 6');
  await row.click();
  const summary = page.getByTestId('sweep-summary');
  await expect(summary.getByTestId('sweep-chart')).toHaveAttribute('data-points', '6');
  await expect(summary.getByTestId('sweep-best')).toHaveText(/\d/);
  await summary.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath(testInfo, 'screenshot-sweep.png') });
  expect(problems.csp).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
});
