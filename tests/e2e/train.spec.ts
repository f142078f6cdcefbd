// The main flow as an analyst does it: new project → import a CSV → choose target, features and an
// L1 penalty → train and watch the curve → find the run in the runs list with backend and loss.
import { readFile } from 'node:fs/promises';
import { createProject, expect, openApp, screenshotPath, test, writeFileIn, writeLinearCsv } from './fixtures';
import { unzipSync } from 'fflate';
import { expectAccessible } from './a11y';

test('train an L1 linear model on an imported CSV and compare it in the runs list', async ({ page, problems, dataDir }, testInfo) => {
  await openApp(page);
  await expect(page.getByTestId('backend')).toContainText('Backend:');
  await createProject(page, `Signal ${Date.now()}`);

  // Import: a real file through the file input.
  const csv = await writeLinearCsv(dataDir);
  await page.getByTestId('file-input').setInputFiles(csv);
  const details = page.getByTestId('dataset-details');
  await expect(details).toContainText('signal.csv');
  await expect(page.getByTestId('dataset-rows')).toHaveText('200');
  await expect(page.getByTestId('setting-delimiter')).toHaveValue(',');
  await expect(page.getByTestId('setting-header-row')).toHaveValue('1');
  const preview = page.getByTestId('preview-table');
  await expect(preview.locator('thead th')).toHaveCount(6); // row number + 5 columns
  await expect(preview.getByTestId('type-badge').first()).toBeVisible();
  await expect(page.getByTestId('preview-range')).toHaveText(/^1–\d+ of 200$/);
  // Virtualized: the rows in view are in the page, not all 200.
  await expect(preview.locator('[data-testid="preview-row"][data-row="1"] td').nth(1)).toHaveText('1');
  expect(await preview.getByTestId('preview-row').count()).toBeLessThan(80);
  await page.screenshot({ path: screenshotPath(testInfo, 'screenshot-data.png') });

  // Model form.
  await page.getByTestId('go-train').click();
  await page.getByTestId('target-select').selectOption('y');
  await expect(page.getByTestId('feature-y')).toHaveCount(0);
  for (const name of ['a', 'b', 'c']) await expect(page.getByTestId(`feature-${name}`)).toBeChecked();
  // A row id is no feature: whether the engine flags it or not, leave it out.
  await page.getByTestId('feature-id').uncheck();
  await page.getByTestId('reg-l1').click();
  await page.getByTestId('lambda1').fill('0.05');
  // The gradient solver runs every epoch (FISTA may converge in a handful), so the curve has a shape.
  await page.getByTestId('solver').selectOption('gradient');
  await page.getByTestId('epochs').fill('60');
  await page.getByTestId('learning-rate').fill('0.1');
  await page.getByTestId('train').click();

  // Live curve: the epoch counter and the chart's points grow while training runs.
  const chart = page.getByTestId('loss-chart');
  await expect(chart).toBeVisible();
  await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 90_000 }).toBeGreaterThan(1);
  await expect.poll(async () => Number(await page.getByTestId('epoch-number').textContent())).toBeGreaterThan(1);

  const finished = page.getByTestId('training-finished');
  await expect(finished).toBeVisible({ timeout: 120_000 });
  await expect(finished.getByTestId('run-status')).toHaveText('completed');
  await expect(finished.getByTestId('run-backend')).not.toHaveText('—');
  await expect(finished.getByTestId('run-final-loss')).toHaveText(/\d/);
  await expect(page.getByTestId('metrics-table')).toBeVisible();
  // Once finished, the chart holds every epoch the engine logged.
  await expect(chart).toHaveAttribute('data-points', '60');
  await expect(finished).toContainText('60 / 60');

  await page.locator('main').evaluate((el) => el.scrollTo(0, 0)); // the Train click scrolled the form
  await page.screenshot({ path: screenshotPath(testInfo, 'screenshot.png') });

  // Runs list.
  await page.getByTestId('show-runs').click();
  const row = page.getByTestId('run-row').first();
  await expect(row).toHaveAttribute('data-status', 'completed');
  await expect(row.getByTestId('run-row-backend')).not.toHaveText('—');
  await expect(row.getByTestId('run-row-loss')).toHaveText(/\d/);
  await expect(row).toContainText('L1 λ=0.05');
  await row.click();
  const detail = page.getByTestId('run-detail');
  await expect(detail).toBeVisible();
  await expect.poll(async () => Number(await detail.getByTestId('loss-chart').getAttribute('data-points'))).toBeGreaterThan(1);
  await expect(detail.getByTestId('coefficient')).toHaveCount(3);
  await expect(detail.getByTestId('coefficient').first()).toContainText('a'); // |3| is the largest effect
  await expect(detail.getByTestId('run-sparsity')).toBeVisible();
  // In original units the effect of `a` is the 3 the data was made with.
  await detail.getByTestId('coef-original').click();
  const aValue = Number(await detail.getByTestId('coefficient').first().locator('.num').textContent());
  expect(Math.abs(aValue - 3)).toBeLessThan(0.3);

  await page.screenshot({ path: screenshotPath(testInfo, 'screenshot-runs.png'), fullPage: true });

  // Predictions for new rows with the saved model, offered as a CSV download.
  const fresh = await writeFileIn(dataDir, 'new-rows.csv', 'id,a,b,c\n1,1,0,0\n2,0,1,0\n3,1,1,5\n');
  await detail.getByTestId('predict-input').setInputFiles(fresh);
  await expect(detail.getByTestId('predict-result')).toContainText('3 of 3 rows predicted');
  const downloadPromise = page.waitForEvent('download');
  await detail.getByTestId('predict-download').click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe('new-rows.predictions.csv');
  const text = await readFile(await download.path(), 'utf8');
  const lines = text.trim().split(/\r?\n/);
  expect(lines).toHaveLength(4);
  // y ≈ 3a − 2b: the first new row (a=1, b=0) should predict close to 3.
  const header = lines[0]?.split(',') ?? [];
  const first = lines[1]?.split(',') ?? [];
  const predictedColumn = header.findIndex((h) => /predict/i.test(h));
  expect(predictedColumn).toBeGreaterThanOrEqual(0);
  expect(Math.abs(Number(first[predictedColumn]) - 3)).toBeLessThan(0.5);

  // The model leaves as one package: chosen formats, then a download of the .zip.
  const exportPanel = detail.getByTestId('export-panel');
  await exportPanel.getByRole('checkbox', { name: /Keras legacy/ }).uncheck();
  await exportPanel.getByRole('button', { name: 'Export…' }).click();
  await expect(exportPanel.getByTestId('export-result')).toContainText('.zip');
  const packagePromise = page.waitForEvent('download');
  await exportPanel.getByRole('button', { name: /^Save / }).click();
  const pkg = await packagePromise;
  expect(pkg.suggestedFilename()).toMatch(/\.zip$/);
  const names = Object.keys(unzipSync(new Uint8Array(await readFile(await pkg.path()))));
  expect(names).toContain('preprocessing.json');
  expect(names.some((n) => n.endsWith('.onnx'))).toBe(true);
  expect(names.some((n) => n.endsWith('.h5'))).toBe(false);
  await expectAccessible(page, 'a run with its predict and export panels');

  expect(problems.csp).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
});
