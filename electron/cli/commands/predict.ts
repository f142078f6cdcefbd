// regula predict FILE --model DIR --out FILE: predictions for a new spreadsheet with a saved model,
// written as CSV/TSV/XLSX that other tools open (formula-like text neutralized).
import path from 'node:path';
import Papa from 'papaparse';
import { RegulaError } from '../../engine/errors';
import { loadModelPackage } from '../../engine/export/loadModelPackage';
import { predictFile } from '../../engine/export/predict';
import { neutralizeFormula, writeTable } from '../../engine/export/writeTable';
import { loadBackend } from '../../engine/train/backend';
import { info, printJson } from '../output';
import { assertReadableFile } from '../projectForCli';

export async function predictCommand(file: string, opts: { model: string; out?: string; sheet?: string; json?: boolean }): Promise<void> {
  await assertReadableFile(file);
  if (opts.json && !opts.out) throw new RegulaError('bad-option', '--json prints a summary on stdout, so the predictions need --out FILE.');
  const { tf, info: backend } = await loadBackend();
  const pkg = await loadModelPackage(tf, path.resolve(opts.model));
  const result = await predictFile(tf, pkg, file, opts.sheet ? { sheet: opts.sheet } : {});
  pkg.model.dispose();
  if (!opts.out) {
    process.stdout.write(Papa.unparse({ fields: result.header, data: result.rows.map((r) => r.map(neutralizeFormula)) }) + '\n');
  } else {
    await writeTable(path.resolve(opts.out), result.header, result.rows);
  }
  const summary = {
    file: path.resolve(file),
    model: path.resolve(opts.model),
    out: opts.out ? path.resolve(opts.out) : null,
    backend: backend.name,
    task: pkg.manifest.target.task,
    target: pkg.manifest.target.name,
    classes: pkg.manifest.target.classes ?? null,
    rows: result.rows.length,
    predicted: result.predicted,
    skipped: result.skipped,
    unmapped: result.unmapped,
    unmappedCount: result.unmappedCount,
    columns: result.header,
  };
  if (opts.json) printJson(summary);
  else {
    info(`${result.predicted} of ${result.rows.length} rows predicted${opts.out ? ` into ${summary.out}` : ''}.`);
    for (const s of result.skipped.slice(0, 10)) info(`  row ${s.row} skipped: ${s.reason}`);
    if (result.skipped.length > 10) info(`  … and ${result.skipped.length - 10} more rows skipped`);
    if (result.unmappedCount > 0) info(`  ${result.unmappedCount} value(s) could not be mapped to the model's inputs (first: column "${result.unmapped[0]!.column}", row ${result.unmapped[0]!.row}: ${result.unmapped[0]!.reason})`);
  }
}
