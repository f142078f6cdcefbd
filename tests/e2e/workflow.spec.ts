// The analyst's week in one sitting (issue 9): errors beside their cause and gone once fixed,
// panels scoped to the dataset on screen, a sweep that leads to a model in one click, runs renamed,
// deleted and brought back from the keyboard, and every view accessible and inside the window.
import { expectAccessible, expectNoPageScroll } from './a11y';
import { createProject, expect, openApp, screenshotPath, test, writeFileIn, writeLinearCsv } from './fixtures';

test.use({ viewport: { width: 1280, height: 800 } });

test('from import to a chosen λ, with the lab kept tidy', async ({ page, problems, dataDir }, testInfo) => {
  await openApp(page);
  await expectAccessible(page, 'the project picker');
  await createProject(page, `Workflow ${Date.now()}`);

  // An import that fails says so inside the import box, and the next good import clears it.
  const fileInput = page.getByTestId('file-input');
  await fileInput.setInputFiles(await writeFileIn(dataDir, 'empty.csv', ''));
  const importError = page.getByTestId('error-import');
  await expect(importError).toContainText('Importing empty.csv failed');
  await expect(page.getByTestId('dropzone').getByRole('alert')).toBeVisible();
  await expect(page.getByTestId('error-panel').getByRole('alert')).toHaveCount(0);
  await fileInput.setInputFiles(await writeLinearCsv(dataDir, 'signal.csv', 200));
  await expect(page.getByTestId('dataset-details')).toBeVisible();
  await expect(importError).toHaveCount(0);
  await expectNoPageScroll(page, 'the data view');
  await expectAccessible(page, 'the data view');

  // Model & training through the keyboard: the view shortcut, the penalty radio group, Ctrl+Enter.
  await page.keyboard.press('Control+2');
  await expect(page.getByRole('button', { name: /Model & training/ })).toHaveAttribute('aria-current', 'page');
  await page.getByLabel('Target (what to predict)').selectOption('y');
  await page.getByRole('checkbox', { name: /^id/ }).uncheck();
  const penalty = page.getByRole('radiogroup', { name: 'Penalty' });
  await penalty.getByRole('radio', { name: 'None' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(penalty.getByRole('radio', { name: 'L1', exact: true })).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('reg-help')).toContainText('exactly zero');
  // The exact solver has no epochs, batch size, optimizer or learning rate to set.
  await expect(page.getByLabel('Epochs')).toHaveCount(0);
  await expect(page.getByTestId('exact-solver-note')).toContainText('iterations');
  const lambda = page.getByLabel('λ₁ (L1 strength)');
  await lambda.fill('-1');
  await expect(lambda).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('lambda1-problem')).toBeVisible();
  await lambda.fill('0.05');
  await expect(lambda).toHaveAttribute('aria-invalid', 'false');
  await page.keyboard.press('Control+Enter');
  const panel = page.getByTestId('training-panel');
  await expect(panel).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  await expect(panel.getByTestId('run-loss')).toContainText('Training data loss');
  await expect(panel.getByTestId('run-loss')).toContainText('Penalty');
  await expect(panel.getByTestId('run-loss')).toContainText('Total loss');
  await expect(panel.getByTestId('loss-chart')).toHaveAttribute('data-unit', 'iteration');
  await expectNoPageScroll(page, 'the training view');
  await expectAccessible(page, 'the training view');

  // A sweep with cross-validation leads to a decision, and one click trains at the chosen λ.
  await page.getByRole('radio', { name: 'Custom range' }).click();
  await page.getByLabel('Largest λ').fill('3');
  await page.getByLabel('Smallest λ').fill('0.001');
  await page.getByLabel('Steps').fill('8');
  await page.getByLabel('CV folds (0 = off)').fill('3');
  await page.getByRole('button', { name: 'Sweep λ' }).click();
  const decision = page.getByTestId('sweep-panel').getByTestId('sweep-decision');
  await expect(decision).toBeVisible({ timeout: 150_000 });
  await expect(decision).toContainText('Best score');
  await expect(decision).toContainText('Simplest model within one standard error of the best');
  const lambda1se = (await decision.getByTestId('sweep-1se').textContent())?.trim() ?? '';
  expect(Number(lambda1se)).toBeGreaterThan(0);
  await decision.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath(testInfo, 'screenshot-sweep.png') });
  await expectNoPageScroll(page, 'the training view with a sweep');
  await expectAccessible(page, 'the training view with a sweep');
  await decision.getByTestId('train-at-1se').click();
  await expect(panel).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  await expect(panel.getByTestId('run-facts')).toContainText(`L1 λ=${lambda1se}`);

  // Runs: scoped, sortable, driven from the keyboard; rename with F2, delete with Delete, undo.
  await page.keyboard.press('Control+3');
  const rows = page.getByTestId('run-row');
  await expect(rows).toHaveCount(2);
  await rows.first().click();
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(rows.nth(1)).toBeFocused();
  const detail = page.getByTestId('run-detail');
  await expect(detail).toBeVisible();
  await page.keyboard.press('F2');
  const nameBox = page.getByLabel('Name of this run');
  await expect(nameBox).toBeFocused();
  await nameBox.fill('Chosen model');
  await page.keyboard.press('Enter');
  await expect(rows.filter({ hasText: 'Chosen model' })).toHaveCount(1);
  await rows.filter({ hasText: 'Chosen model' }).focus();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('undo-bar')).toContainText('Chosen model');
  await expect(rows).toHaveCount(1);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'Chosen model' })).toHaveCount(1);
  await page.getByLabel('Penalty').selectOption('l2');
  await expect(page.getByTestId('runs-count')).toHaveText('0 of 2 runs');
  await page.getByLabel('Penalty').selectOption('any');
  await page.getByTestId('sweep-row').first().click();
  await expect(page.getByTestId('sweep-summary').getByTestId('sweep-chart')).toHaveAttribute('data-points', '8');
  await expectNoPageScroll(page, 'the runs view');
  await expectAccessible(page, 'the runs view');
  await page.screenshot({ path: screenshotPath(testInfo, 'screenshot-runs.png') });

  // Another dataset: every panel shows only its own runs and sweeps.
  await page.keyboard.press('Control+1');
  await fileInput.setInputFiles(await writeLinearCsv(dataDir, 'other.csv', 60));
  await expect(page.getByTestId('dataset-details')).toContainText('other');
  await page.keyboard.press('Control+2');
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-state', 'idle');
  await expect(page.getByTestId('sweep-panel').getByTestId('sweep-chart')).toHaveCount(0);
  await page.keyboard.press('Control+3');
  await expect(page.getByTestId('run-row')).toHaveCount(0);
  await expect(page.getByTestId('sweeps')).toHaveCount(0);
  await page.getByLabel('Dataset', { exact: true }).selectOption('all');
  await expect(page.getByTestId('run-row')).toHaveCount(2);

  // The shortcuts are listed where a person can find them.
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Ctrl+Enter');
  await expectAccessible(page, 'the shortcut list');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  expect(problems.csp).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
});
