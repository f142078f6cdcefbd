// The product's core: two runs of the same model with different penalties, side by side.
import { createProject, expect, openApp, screenshotPath, test, writeLinearCsv } from './fixtures';

test('train an L1 and an L2 run and compare their curves, metrics and coefficients', async ({ page, problems, dataDir }, testInfo) => {
  await openApp(page);
  await createProject(page, `Compare ${Date.now()}`);
  await page.getByTestId('file-input').setInputFiles(await writeLinearCsv(dataDir));
  await expect(page.getByTestId('dataset-rows')).toHaveText('200');
  await page.getByTestId('go-train').click();
  await page.getByTestId('target-select').selectOption('y');
  await page.getByTestId('feature-id').uncheck();
  // The gradient solver logs every epoch, so both runs have a curve with a shape.
  await page.getByTestId('solver').selectOption('gradient');
  await page.getByTestId('epochs').fill('60');
  await page.getByTestId('learning-rate').fill('0.1');

  // L1 strong enough to drop the irrelevant feature c, then L2 on the same features.
  await page.getByTestId('reg-l1').click();
  await page.getByTestId('lambda1').fill('0.1');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('training-finished').getByTestId('run-status')).toHaveText('completed', { timeout: 120_000 });
  await page.getByTestId('reg-l2').click();
  await page.getByTestId('lambda2').fill('0.1');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  await expect(page.getByTestId('training-finished')).toContainText('L2');

  await page.getByTestId('nav-runs').click();
  const rows = page.getByTestId('run-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute('data-status', 'completed');
  await expect(rows.nth(1)).toHaveAttribute('data-status', 'completed');
  const l2Id = await rows.filter({ hasText: 'L2 λ=0.1' }).getAttribute('data-run-id');
  const l1Id = await rows.filter({ hasText: 'L1 λ=0.1' }).getAttribute('data-run-id');
  await rows.filter({ hasText: 'L1 λ=0.1' }).getByTestId('compare-check').check();
  await expect(page.getByTestId('compare-hint')).toBeVisible();
  await rows.filter({ hasText: 'L2 λ=0.1' }).getByTestId('compare-check').check();

  const comparison = page.getByTestId('comparison');
  await expect(comparison).toHaveAttribute('data-runs', '2');
  // One legend entry per run, each with its curve loaded.
  const legend = comparison.getByTestId('compare-legend-item');
  await expect(legend).toHaveCount(2);
  for (const id of [l1Id, l2Id]) {
    await expect(comparison.locator(`[data-testid="compare-legend-item"][data-run-id="${id}"]`)).toContainText('60 epochs');
  }
  await expect(comparison.getByTestId('compare-chart')).toHaveAttribute('data-series', '4');
  // A metrics column per run, with the best of each score marked.
  await expect(comparison.getByTestId('compare-column')).toHaveCount(2);
  await expect(comparison.getByTestId('compare-row-penalty')).toContainText('L1 λ=0.1');
  await expect(comparison.getByTestId('compare-row-penalty')).toContainText('L2 λ=0.1');
  await expect(comparison.getByTestId('compare-row-validation-r2').locator('[data-best="true"]')).toHaveCount(1);
  await expect(comparison.getByTestId('compare-row-sparsity')).toContainText('/ 3');
  // The irrelevant feature is exactly zero in the L1 column, and only there.
  const c = comparison.locator('[data-testid="compare-coef-row"][data-feature="c"]');
  await expect(c.locator(`[data-run-id="${l1Id}"]`)).toHaveAttribute('data-zero', 'true');
  await expect(c.locator(`[data-run-id="${l1Id}"]`).getByTestId('coef-zero')).toBeVisible();
  await expect(c.locator(`[data-run-id="${l2Id}"]`)).not.toHaveAttribute('data-zero', 'true');

  await comparison.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath(testInfo, 'screenshot-compare.png') });
  await comparison.getByTestId('compare-coefficients').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath(testInfo, 'screenshot-compare-coefficients.png') });
  expect(problems.csp).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
});
