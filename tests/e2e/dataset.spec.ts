// The imported data as the analyst corrects it: a column's type changed and changed back, a
// refused change explained, a file re-parsed with another delimiter, a big import cancelled, and a
// 100 000-row preview scrolled to its last row.
import { expectAccessible } from './a11y';
import { createProject, expect, openApp, screenshotPath, test, writeFileIn } from './fixtures';

test('change a column’s type, undo it, and see why an impossible change is refused', async ({ page, problems, dataDir }, testInfo) => {
  await openApp(page);
  await createProject(page, `Types ${Date.now()}`);
  const lines = ['zip,klass,price'];
  for (let i = 0; i < 40; i++) lines.push(`${10115 + (i % 7) * 100},${['north', 'south', 'east'][i % 3]},${(100 + i * 2.5).toFixed(1)}`);
  await page.getByTestId('file-input').setInputFiles(await writeFileIn(dataDir, 'shops.csv', lines.join('\n') + '\n'));
  await expect(page.getByTestId('dataset-rows')).toHaveText('40');

  const zip = page.locator('[data-testid="type-badge"][data-column="zip"]');
  await expect(zip).toHaveValue(/^(integer|number)$/);
  const detected = await zip.inputValue();
  await zip.selectOption('category');
  await expect(zip).toHaveValue('category');
  await expect(zip).toHaveAttribute('data-overridden', 'true');
  await expect(page.getByTestId('types-changed')).toHaveText('1');
  await expect(page.locator('[data-testid="preview-row"][data-row="1"] td').nth(1)).toHaveText('10115');
  await page.screenshot({ path: screenshotPath(testInfo, 'screenshot-types.png') });

  // Text that is not numbers cannot become a number column: the engine says so, the badge stays.
  const klass = page.locator('[data-testid="type-badge"][data-column="klass"]');
  await klass.selectOption('number');
  // The refusal shows beside the dataset it is about, not at the top of the page.
  const panel = page.getByTestId('error-dataset');
  await expect(panel).toContainText('Most cells of "klass" are not numbers');
  await expect(panel.getByTestId('error-place')).toContainText('klass');
  await expect(klass).toHaveValue('category');
  await expect(klass).toHaveAttribute('data-overridden', 'false');

  // Undo puts the detected type back.
  await page.locator('.type-pick', { has: zip }).getByTestId('type-undo').click();
  await expect(zip).toHaveValue(detected);
  await expect(zip).toHaveAttribute('data-overridden', 'false');
  await expect(page.getByTestId('types-changed')).toHaveCount(0);
  expect(problems.csp).toEqual([]);
});

test('re-parse a semicolon, decimal-comma file with a comma delimiter into a new dataset', async ({ page, problems, dataDir }) => {
  await openApp(page);
  await createProject(page, `Reparse ${Date.now()}`);
  const lines = ['item;unit,price;qty'];
  for (let i = 1; i <= 12; i++) lines.push(`item${i};${i},${i * 5};${i * 3}`);
  await page.getByTestId('file-input').setInputFiles(await writeFileIn(dataDir, 'european.csv', lines.join('\n') + '\n'));
  const details = page.getByTestId('dataset-details');
  await expect(page.getByTestId('setting-delimiter')).toHaveValue(';');
  await expect(page.getByTestId('setting-decimal')).toHaveValue(',');
  await expect(page.getByTestId('dataset-columns')).toHaveText('3');
  const firstId = await details.getAttribute('data-dataset-id');
  const header = page.getByTestId('preview-table').locator('thead .col-name');
  await expect(header).toHaveText(['item', 'unit,price', 'qty']);

  const reparse = page.getByRole('button', { name: 'Re-parse' });
  await expect(reparse).toBeDisabled();
  await page.getByLabel('Delimiter').selectOption(',');
  await reparse.click();
  await expect(details).not.toHaveAttribute('data-dataset-id', firstId ?? '');
  await expect(page.getByTestId('setting-delimiter')).toHaveValue(',');
  await expect(page.getByTestId('dataset-columns')).toHaveText('2');
  await expect(header).toHaveText(['item;unit', 'price;qty']);
  // The re-parsed version replaces the dataset (runs keep the version they trained on).
  await expect(page.getByTestId('dataset-item')).toHaveCount(1);
  await expect(details).toContainText('version 2');
  await expectAccessible(page, 'the data view after a re-parse');
  expect(problems.csp).toEqual([]);
});

test('cancel the import of a large file: nothing is added', async ({ page, problems, dataDir }) => {
  await openApp(page);
  await createProject(page, `Cancel import ${Date.now()}`);
  const rows: string[] = ['id,a,b,c,d,label'];
  for (let i = 1; i <= 400_000; i++) rows.push(`${i},${(i % 997) / 7},${(i % 113) * 1.5},${i % 31},${(i * 7919) % 10007},${i % 2 ? 'yes' : 'no'}`);
  const big = await writeFileIn(dataDir, 'big.csv', rows.join('\n') + '\n');
  await page.getByTestId('file-input').setInputFiles(big);
  // Cancel as soon as the progress bar shows. Whether the page is still reading the file or the
  // engine already has it, the import stops (a cancel that reaches the engine before it starts
  // parsing is sent again with its first progress report) and nothing is added.
  const progress = page.getByTestId('import-progress');
  await progress.getByTestId('import-cancel').click();
  await expect(page.getByTestId('import-cancelled')).toContainText('big.csv');
  await expect(progress).toHaveCount(0);
  await expect(page.getByTestId('dataset-item')).toHaveCount(0);
  await expect(page.getByTestId('dataset-details')).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(problems.csp).toEqual([]);
});

test('scroll the preview of a 100 000-row file to its last row', async ({ page, problems, dataDir }, testInfo) => {
  await openApp(page);
  await createProject(page, `Scroll ${Date.now()}`);
  const rows: string[] = ['row,x,name'];
  for (let i = 1; i <= 100_000; i++) rows.push(`${i},${(i * 0.25).toFixed(2)},n${i}`);
  await page.getByTestId('file-input').setInputFiles(await writeFileIn(dataDir, 'long.csv', rows.join('\n') + '\n'));
  await expect(page.getByTestId('dataset-rows')).toHaveText('100,000');
  const scroll = page.getByTestId('preview-scroll');
  await expect(scroll.locator('[data-testid="preview-row"][data-row="1"]')).toContainText('n1');

  await scroll.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  const last = scroll.locator('[data-testid="preview-row"][data-row="100000"]');
  await expect(last).toBeVisible();
  await expect(last.locator('td')).toHaveText(['100,000', '100000', '25000', 'n100000']);
  await expect(page.getByTestId('preview-range')).toHaveText(/–100,000 of 100,000$/);
  // Only the rows in view are in the page.
  expect(await scroll.getByTestId('preview-row').count()).toBeLessThan(80);

  // And back to the middle: rows arrive for wherever the analyst stops.
  await scroll.evaluate((el) => el.scrollTo(0, el.scrollHeight / 2));
  await expect(scroll.locator('[data-testid="preview-row"] td:nth-child(4)').filter({ hasText: /^n5\d{4}$/ }).first()).toBeVisible();
  await expect(scroll.getByTestId('row-loading')).toHaveCount(0);
  await page.screenshot({ path: screenshotPath(testInfo, 'screenshot-preview.png') });
  expect(problems.csp).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
});
