// regula inspect FILE: what Regula reads in a spreadsheet, without creating anything.
import path from 'node:path';
import { importTable } from '../../engine/index';
import { info, printJson } from '../output';
import { assertReadableFile } from '../projectForCli';

export async function inspectCommand(file: string, opts: { sheet?: string; json?: boolean }): Promise<void> {
  await assertReadableFile(file);
  const imported = await importTable(file, opts.sheet ? { sheet: opts.sheet } : {});
  const d = imported.detected;
  const report = {
    file: path.resolve(file),
    rows: imported.table.rowCount,
    columns: imported.columns,
    format: d.format,
    sheets: d.sheets ?? [],
    sheet: d.sheet ?? null,
    encoding: d.encoding ?? null,
    delimiter: d.delimiter ?? null,
    decimal: d.decimal ?? null,
    thousands: d.thousands ?? null,
    headerRow: d.headerRow,
    warnings: imported.warnings,
  };
  if (opts.json) {
    printJson(report);
    return;
  }
  info(`${path.basename(file)}: ${report.rows} rows, ${report.columns.length} columns (${describeFormat(report)})`);
  for (const c of report.columns) {
    const stats = c.mean !== undefined ? ` mean=${fmt(c.mean)} std=${fmt(c.std)} min=${fmt(c.min)} max=${fmt(c.max)}` : '';
    console.log(`  ${c.name.padEnd(24)} ${c.type.padEnd(9)} missing=${c.missing} unique=${c.unique}${stats}`);
  }
  for (const w of report.warnings) info(`  warning: ${w}`);
}

function describeFormat(r: { format: string; encoding: string | null; delimiter: string | null; decimal: string | null; headerRow: number; sheet: string | null }): string {
  const parts = [r.format];
  if (r.sheet) parts.push(`sheet "${r.sheet}"`);
  if (r.encoding) parts.push(r.encoding);
  if (r.delimiter) parts.push(`delimiter ${JSON.stringify(r.delimiter)}`);
  if (r.decimal) parts.push(`decimal "${r.decimal}"`);
  parts.push(`header on row ${r.headerRow}`);
  return parts.join(', ');
}

function fmt(n: number | undefined): string {
  return n === undefined ? '-' : Number(n.toPrecision(5)).toString();
}
