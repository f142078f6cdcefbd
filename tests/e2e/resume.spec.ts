// A stopped run offers Resume (from its last checkpoint, as the same run) and Retry (a new run with
// the same settings) in its detail; Resume finishes it as a normal completed run with one curve.
import { expectAccessible } from './a11y';
import { createProject, expect, openApp, test, writeLinearCsv } from './fixtures';

test('resume a cancelled dense run from its checkpoint; Retry is offered beside it', async ({ page, dataDir }) => {
  await openApp(page);
  await createProject(page, `Resume ${Date.now()}`);
  await page.getByTestId('file-input').setInputFiles(await writeLinearCsv(dataDir));
  await expect(page.getByTestId('dataset-details')).toBeVisible();
  await page.getByTestId('go-train').click();
  await page.getByTestId('target-select').selectOption('y');
  await page.getByTestId('model-mlp').click();
  await page.getByTestId('hidden-layers').fill('8');
  await page.getByTestId('epochs').fill('3000');
  await page.getByTestId('train').click();

  // The e2e server checkpoints every 50 epochs (globalSetup): cancel once one is on disk, long
  // before the 3,000 epochs end. A wait in seconds raced a quiet machine, which finished first.
  await expect.poll(async () => Number(await page.getByTestId('loss-chart').getAttribute('data-points')), { timeout: 90_000 }).toBeGreaterThan(60);
  await page.getByTestId('cancel-run').click();
  await expect(page.getByTestId('training-finished').getByTestId('run-status')).toHaveText('cancelled', { timeout: 60_000 });

  await page.getByTestId('nav-runs').click();
  await page.getByTestId('run-row').first().click();
  const detail = page.getByTestId('run-detail');
  const recovery = detail.getByRole('region', { name: 'Continue this run' });
  const resume = recovery.getByRole('button', { name: /^Resume from epoch \d+$/ });
  await expect(resume).toBeVisible();
  await expect(recovery.getByRole('button', { name: 'Retry with the same settings' })).toBeEnabled();
  await expectAccessible(page, 'a cancelled run with Resume and Retry');
  await page.screenshot({ path: test.info().outputPath('resume.png') });

  await resume.click();
  const row = page.getByTestId('run-row').first();
  await expect(row).toHaveAttribute('data-status', 'completed', { timeout: 150_000 });
  await expect(page.getByTestId('run-row')).toHaveCount(1); // the same run, not a new one
  await expect(recovery).toHaveCount(0);
  await expect.poll(async () => Number(await detail.getByTestId('loss-chart').getAttribute('data-points')), { timeout: 30_000 }).toBe(3000);
});
