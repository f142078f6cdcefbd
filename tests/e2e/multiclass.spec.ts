// A 3-class linear model shows one coefficient per feature and class, in the run and on its path.
import { expectAccessible } from './a11y';
import { createProject, expect, openApp, test, writeFileIn } from './fixtures';

test('per-class coefficients of a multiclass linear model', async ({ page, problems, dataDir }) => {
  await openApp(page);
  await createProject(page, `Classes ${Date.now()}`);
  // Three well separated clusters in (x1, x2); x3 is noise.
  const lines = ['x1,x2,x3,kind'];
  let s = 11;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const centres: [string, number, number][] = [['alpha', 0, 0], ['beta', 4, 0], ['gamma', 2, 4]];
  for (let i = 0; i < 150; i++) {
    const [name, cx, cy] = centres[i % 3]!;
    lines.push([(cx + rand() - 0.5).toFixed(3), (cy + rand() - 0.5).toFixed(3), (rand() * 2).toFixed(3), name].join(','));
  }
  await page.getByTestId('file-input').setInputFiles(await writeFileIn(dataDir, 'clusters.csv', lines.join('\n') + '\n'));
  await expect(page.getByTestId('dataset-details')).toBeVisible();
  await page.keyboard.press('Control+2');
  await page.getByLabel('Target (what to predict)').selectOption('kind');
  await page.getByRole('radio', { name: 'L1', exact: true }).click();
  await page.getByLabel('λ₁ (L1 strength)').fill('0.01');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  await page.keyboard.press('Control+3');
  await page.getByTestId('run-row').first().click();
  const table = page.getByTestId('run-detail').getByTestId('class-coefficients');
  await expect(table.getByTestId('class-column')).toHaveText(['alpha', 'beta', 'gamma']);
  await expect(table.getByTestId('class-coefficient-row')).toHaveCount(3);
  await expectAccessible(page, 'a multiclass run');
  expect(problems.consoleErrors).toEqual([]);
});
