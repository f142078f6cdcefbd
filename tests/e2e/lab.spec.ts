// Keeping the lab (issue 9), as a person does it in browser mode: open a project folder by typing
// its path (a wrong one is told beside the field, without the server's folders), change one
// column's missing markers and read the re-count, bring a deleted dataset back from the trash and
// empty it after a confirmation, and see which values of a new file a model could not use.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectAccessible, expectNoPageScroll } from './a11y';
import { createProject, expect, openApp, screenshotPath, test } from './fixtures';

test.use({ viewport: { width: 1280, height: 800 } });

const workflow = (name: string) => fileURLToPath(new URL(`../fixtures/workflow/${name}`, import.meta.url));

test('open by typed path, markers per column, trash with restore and empty', async ({ page, problems }, testInfo) => {
  const expected = JSON.parse(await readFile(workflow('expected.json'), 'utf8')).cars93 as { airbags: Record<string, number> };
  await openApp(page);

  // A wrong path: the message sits under the field, names the path as typed and nothing else.
  const folder = page.getByLabel('Project folder');
  await folder.fill('No such study');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  const pathError = page.getByTestId('open-path').getByRole('alert');
  await expect(pathError).toContainText('There is no folder “No such study”.');
  await expect(pathError).not.toContainText(path.sep + 'tmp');
  await expect(folder).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('error-panel').getByRole('alert')).toHaveCount(0);
  await expectAccessible(page, 'the project picker with a wrong path');
  await page.screenshot({ path: screenshotPath(testInfo, 'screenshot-open-path.png') });
  await folder.fill('No such study, really');
  await expect(pathError).toHaveCount(0);
  await expect(folder).toHaveAttribute('aria-invalid', 'false');

  const name = `Lab ${Date.now()}`;
  await createProject(page, name);
  await page.getByTestId('file-input').setInputFiles(workflow('cars93.csv'));
  const details = page.getByTestId('dataset-details');
  await expect(details).toContainText('cars93');

  // "None" in AirBags is a category (no airbags); the analyst decides it means missing there only.
  await details.getByText('Missing markers by column').click();
  const airbags = details.getByTestId('column-markers-row').filter({ has: page.getByRole('rowheader', { name: 'AirBags', exact: true }) });
  await expect(airbags.getByTestId('column-missing')).toHaveText('0');
  await expect(airbags.getByTestId('column-markers-list')).not.toContainText('none');
  await airbags.getByRole('button', { name: 'Change the missing markers of AirBags' }).click();
  const markers = page.getByLabel('Missing markers of AirBags, separated by commas');
  await expect(markers).toBeFocused();
  await markers.fill('(empty), NA, None');
  await page.keyboard.press('Enter');
  const recount = details.getByTestId('markers-recount');
  await expect(recount).toContainText(`AirBags 0 → ${expected.airbags.None} missing`);
  await expect(details).toContainText('version 2');
  await expect(airbags.getByTestId('column-missing')).toHaveText(String(expected.airbags.None));
  await expect(airbags).toContainText('this column’s own list');
  await expectNoPageScroll(page, 'the data view with markers by column');
  await recount.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath(testInfo, 'screenshot-markers.png') });
  await expectAccessible(page, 'the data view with markers by column');

  // Delete the dataset (the confirmation says what goes), then bring it back from the trash.
  await details.getByRole('button', { name: 'Delete…' }).click();
  const confirm = page.getByRole('alertdialog', { name: /Delete the dataset/ });
  await expect(confirm).toContainText('dataset “cars93”');
  await confirm.getByRole('button', { name: /^Delete 1 item/ }).click();
  await expect(page.getByTestId('dataset-item')).toHaveCount(0);
  await page.getByTestId('undo-bar').getByRole('button', { name: 'Hide this message' }).click();
  const trash = page.getByTestId('trash-panel');
  await trash.getByText('Trash', { exact: true }).click();
  const entry = trash.getByTestId('trash-entry');
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText('dataset “cars93”');
  await expect(entry).toContainText('deleted');
  await expectAccessible(page, 'the trash');
  // Dark mode follows the system; the new panels keep their contrast there too.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(page, 'the trash in dark mode');
  await page.screenshot({ path: screenshotPath(testInfo, 'screenshot-trash-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  await entry.getByRole('button', { name: 'Restore dataset “cars93”' }).click();
  await expect(page.getByTestId('dataset-item')).toHaveCount(1);
  await expect(trash.getByTestId('trash-empty')).toBeVisible();

  // Delete again and empty the trash: the confirmation lists what goes for good.
  await details.getByRole('button', { name: 'Delete…' }).click();
  await confirm.getByRole('button', { name: /^Delete 1 item/ }).click();
  await expect(entry).toHaveCount(1);
  await trash.getByRole('button', { name: 'Empty trash…' }).click();
  const emptying = page.getByRole('alertdialog', { name: 'Empty the trash?' });
  await expect(emptying).toContainText('dataset “cars93”');
  await expect(emptying).toContainText('cannot be undone');
  await expectAccessible(page, 'the empty-trash confirmation');
  await page.screenshot({ path: screenshotPath(testInfo, 'screenshot-empty-trash.png') });
  await emptying.getByRole('button', { name: /for good/ }).click();
  await expect(emptying).toHaveCount(0);
  await expect(trash.getByTestId('trash-empty')).toBeVisible();

  // Close, then open it again by typing its name (a name alone is looked up in the projects folder).
  await page.getByTestId('close-project').click();
  await folder.fill(name);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('project-name')).toHaveText(name);

  expect(problems.csp).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
});

test('predict lists the values a model could not use, by column and row', async ({ page, problems }, testInfo) => {
  const expected = JSON.parse(await readFile(workflow('expected.json'), 'utf8')).codes as { newRows: number; unseenRows: number[]; unseenValue: string };
  await openApp(page);
  await createProject(page, `Codes ${Date.now()}`);
  await page.getByTestId('file-input').setInputFiles(workflow('codes_train.csv'));
  // Region codes 10/20/30 look like numbers but are a category.
  await page.getByLabel('Type of column code').selectOption('category');
  await expect(page.getByLabel('Type of column code')).toHaveValue('category');

  await page.keyboard.press('Control+2');
  await page.getByLabel('Target (what to predict)').selectOption('y');
  await expect(page.getByRole('checkbox', { name: /^code/ })).toBeChecked();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });

  await page.keyboard.press('Control+3');
  await page.getByTestId('run-row').first().click();
  const detail = page.getByTestId('run-detail');
  await detail.getByTestId('predict-input').setInputFiles(workflow('codes_new.csv'));
  await expect(detail.getByTestId('predict-result')).toContainText(`${expected.newRows - expected.unseenRows.length} of ${expected.newRows} rows predicted`);
  const unmapped = detail.getByTestId('predict-unmapped');
  await expect(unmapped).toContainText(`${expected.unseenRows.length} values`);
  const rows = unmapped.getByTestId('unmapped-row');
  await expect(rows).toHaveCount(expected.unseenRows.length);
  for (const [i, row] of expected.unseenRows.entries()) {
    await expect(rows.nth(i).getByRole('cell')).toHaveText(['code', String(row), expected.unseenValue, 'a category the model was not trained on']);
  }
  await unmapped.scrollIntoViewIfNeeded();
  await expectNoPageScroll(page, 'the runs view with a prediction report');
  await page.screenshot({ path: screenshotPath(testInfo, 'screenshot-unmapped.png') });
  await expectAccessible(page, 'the runs view with a prediction report');
  expect(problems.csp).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
});
