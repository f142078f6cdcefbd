// Taking numbers away from a run, as an analyst does: the loss curve as a PNG and the
// coefficients as CSV (both downloads read back and checked), the coefficients copied for Excel
// with a spoken status, predictions at full precision, and a file lacking a column refused by
// the column's name — buttons found by role and name.
import { readFile } from 'node:fs/promises';
import { createProject, expect, openApp, screenshotPath, test, writeFileIn, writeLinearCsv } from './fixtures';
import { expectAccessible } from './a11y';

test('download a chart as PNG and the coefficients as CSV, copy them, and predict at full precision', async ({ page, problems, dataDir, context }, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  await createProject(page, `Downloads ${Date.now()}`);
  await page.getByTestId('file-input').setInputFiles(await writeLinearCsv(dataDir));
  await expect(page.getByTestId('dataset-rows')).toHaveText('200');
  await page.getByTestId('go-train').click();
  await page.getByTestId('target-select').selectOption('y');
  await page.getByTestId('feature-id').uncheck();
  await page.getByTestId('reg-l1').click();
  await page.getByTestId('lambda1').fill('0.05');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('training-finished')).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('show-runs').click();
  await page.getByTestId('run-row').first().click();
  const detail = page.getByTestId('run-detail');
  await expect(detail.getByTestId('coefficient')).toHaveCount(3);

  // The loss curve as a PNG: a real image of the drawn canvas.
  const pngPromise = page.waitForEvent('download');
  await detail.getByRole('button', { name: 'Download chart as PNG (loss curve)' }).click();
  const png = await pngPromise;
  expect(png.suggestedFilename()).toMatch(/loss\.png$/);
  const image = await readFile(await png.path());
  expect([...image.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const width = image.readUInt32BE(16);
  const height = image.readUInt32BE(20);
  const canvas = await detail.getByTestId('loss-chart').locator('canvas').evaluate((c) => [(c as unknown as { width: number }).width, (c as unknown as { height: number }).height]);
  expect([width, height]).toEqual(canvas);
  await expect(detail.getByRole('status').filter({ hasText: 'loss.png downloaded.' })).toBeVisible();

  // The coefficients as CSV: the engine's numbers in full, the same features as on screen.
  const csvPromise = page.waitForEvent('download');
  await detail.getByRole('button', { name: 'Download data as CSV (coefficients)' }).click();
  const csv = await csvPromise;
  expect(csv.suggestedFilename()).toMatch(/coefficients\.csv$/);
  const lines = (await readFile(await csv.path(), 'utf8')).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  expect(lines[0]).toBe('feature,coefficient_standardized,coefficient_original_units,dropped_by_penalty');
  const shown = await detail.getByTestId('coefficient').locator('.name').allTextContents();
  expect(lines.slice(1, 4).map((l) => l.split(',')[0])).toEqual(shown);
  expect(lines[4]?.startsWith('(intercept),')).toBe(true);
  // y = 3a − 2b + noise: the original-units coefficient of a is close to 3, with all its digits.
  const a = lines.find((l) => l.startsWith('a,'))!.split(',');
  expect(Math.abs(Number(a[2]) - 3)).toBeLessThan(0.3);
  expect(a[2]!.replace(/^-?\d*\./, '').length).toBeGreaterThan(4);

  // Copy for Excel: tab-separated, announced.
  await detail.getByRole('button', { name: 'Copy coefficients', exact: true }).click();
  await expect(detail.getByRole('status').filter({ hasText: 'Copied 4 rows' })).toBeVisible();
  const pasted = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
  expect(pasted.split('\r\n')[0]).toBe('feature\tcoefficient_standardized\tcoefficient_original_units\tdropped_by_penalty');

  // Predictions at full precision: more digits than the default's 6 significant ones.
  await detail.getByRole('checkbox', { name: /Full precision/ }).check();
  await detail.getByTestId('predict-input').setInputFiles(await writeFileIn(dataDir, 'new-rows.csv', 'id,a,b,c\n1,1.1,0.3,0\n2,0.7,1.9,0\n'));
  await expect(detail.getByTestId('predict-result')).toContainText('2 of 2 rows predicted');
  const savedPromise = page.waitForEvent('download');
  await detail.getByTestId('predict-download').click();
  const saved = (await readFile(await (await savedPromise).path(), 'utf8')).trimEnd().split('\r\n');
  const column = saved[0]!.split(',').indexOf('prediction');
  const digits = saved.slice(1).map((l) => l.split(',')[column]!.replace(/[-.]/g, '').replace(/^0+/, '').length);
  expect(Math.max(...digits)).toBeGreaterThan(6);

  // A missing column and an unseen category, named where the analyst looks.
  await detail.getByTestId('predict-input').setInputFiles(await writeFileIn(dataDir, 'no-c.csv', 'id,a,b\n1,1,0\n'));
  const refusal = detail.getByTestId('error-predict').getByRole('alert');
  await expect(refusal).toContainText('The model needs column "c", which no-c.csv does not have.');
  await expect(refusal.getByTestId('error-place')).toContainText('column c');
  await refusal.getByRole('button', { name: 'Dismiss this error' }).click();

  await page.screenshot({ path: screenshotPath(testInfo, 'screenshot-downloads.png'), fullPage: true });
  await expectAccessible(page, 'a run with its download and copy buttons');
  expect(problems.csp).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
});
