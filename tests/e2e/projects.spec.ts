// Coming back to work: a closed project is in the recent list and opens with its data and runs;
// a file dropped on the page imports like a picked one; a long run can be cancelled.
import { readFile } from 'node:fs/promises';
import { createProject, expect, openApp, test, writeLinearCsv } from './fixtures';

test('drop a file, close the project, and reopen it from the recent list', async ({ page, problems, dataDir }) => {
  await openApp(page);
  const name = `Reopen ${Date.now()}`;
  await createProject(page, name);

  // Drag & drop: the page receives a real File in a DataTransfer, as from a file manager.
  const csv = await readFile(await writeLinearCsv(dataDir, 'dropped.csv', 30), 'utf8');
  const transfer = await page.evaluateHandle((text) => {
    // Runs in the page; typed structurally because this file compiles without DOM libs.
    type Transfer = { items: { add(file: File): void } };
    const dt = new (globalThis as unknown as { DataTransfer: new () => Transfer }).DataTransfer();
    dt.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
    return dt;
  }, csv);
  await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: transfer });
  await expect(page.getByTestId('dataset-details')).toContainText('dropped.csv');
  await expect(page.getByTestId('dataset-rows')).toHaveText('30');

  await page.getByTestId('close-project').click();
  await expect(page.getByTestId('project-picker')).toBeVisible();
  const entry = page.getByTestId('recent-project').filter({ hasText: name });
  await expect(entry).toBeVisible();
  await entry.click();
  await expect(page.getByTestId('project-name')).toHaveText(name);
  await expect(page.getByTestId('dataset-item')).toHaveCount(1);
  await expect(page.getByTestId('preview-range')).toContainText('of 30');
  await expect(page.locator('[data-testid="preview-row"][data-row="1"]')).toContainText('1');
  expect(problems.csp).toEqual([]);
});

test('cancel stops a long run, which is kept as cancelled', async ({ page, dataDir }) => {
  await openApp(page);
  await createProject(page, `Cancel ${Date.now()}`);
  await page.getByTestId('file-input').setInputFiles(await writeLinearCsv(dataDir));
  await expect(page.getByTestId('dataset-details')).toBeVisible();
  await page.getByTestId('go-train').click();
  await page.getByTestId('target-select').selectOption('y');
  await page.getByTestId('model-mlp').click();
  await page.getByTestId('hidden-layers').fill('32,16');
  await page.getByTestId('epochs').fill('100000');
  await page.getByTestId('train').click();

  await expect.poll(async () => Number(await page.getByTestId('loss-chart').getAttribute('data-points')), { timeout: 90_000 }).toBeGreaterThan(1);
  await page.getByTestId('cancel-run').click();
  const finished = page.getByTestId('training-finished');
  await expect(finished).toBeVisible({ timeout: 60_000 });
  await expect(finished.getByTestId('run-status')).toHaveText('cancelled');
  await page.getByTestId('nav-runs').click();
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('run-row').first()).toContainText('dense 32×16');
});
