// A column's type as the analyst chose it ("zip code is a category"): an override on the stored
// columns, undone by choosing the parsed type again. Kept apart from the project so a re-parse can
// carry the analyst's choices over to the new version of the dataset (see Project.reimportDataset).
import path from 'node:path';
import type { ColumnType, DatasetSummary } from '../../shared/domain';
import { RegulaError } from './errors';
import { columnExclusion } from './data/columnExclusion';
import { isNumericColumn } from './data/table';
import { loadTable } from './data/tableStore';
import { convertColumn, describeColumn } from './prep/typeOverrides';
import { datasetDir } from './store/datasetStore';

/** The summary with `columnName` read as `type` (nothing written; the caller stores it). */
export async function withColumnType(projectDir: string, summary: DatasetSummary, columnName: string, type: ColumnType): Promise<DatasetSummary> {
  const index = summary.columns.findIndex((c) => c.name === columnName);
  if (index < 0) throw new RegulaError('unknown-column', `There is no column "${columnName}" in ${summary.sourceFile}.`, { file: summary.sourceFile, column: columnName });
  const parsed = (await loadTable(path.join(datasetDir(projectDir, summary.id), 'table'))).columns.find((c) => c.name === columnName)!;
  const { column, strayRows } = convertColumn(parsed, type);
  const overrides = { ...(summary.typeOverrides ?? {}) };
  const imported = { ...(summary.importedColumns ?? {}) };
  imported[columnName] ??= summary.columns[index]!;
  const columns = [...summary.columns];
  if (parsed.type === type) {
    columns[index] = imported[columnName]!;
    delete overrides[columnName];
    delete imported[columnName];
  } else {
    const described = describeColumn(column, strayRows);
    // The markers were applied at import and still hold; the exclusion follows the new type.
    const markers = imported[columnName]!.missingMarkers;
    const exclusion = columnExclusion(described, isNumericColumn(column) ? column.values : undefined, false);
    columns[index] = { ...described, ...(markers ? { missingMarkers: markers } : {}), ...(exclusion ? { exclusion, excludedByDefault: true } : {}) };
    overrides[columnName] = type;
  }
  return { ...summary, columns, typeOverrides: overrides, importedColumns: imported };
}

/**
 * A new version of a dataset keeps the type changes of the one it replaces, for every column it
 * still has; a change that no longer fits (the column now holds words) is dropped with a warning
 * instead of failing the re-parse.
 */
export async function carryTypeOverrides(projectDir: string, previous: DatasetSummary, next: DatasetSummary): Promise<DatasetSummary> {
  let summary = next;
  for (const [columnName, type] of Object.entries(previous.typeOverrides ?? {})) {
    if (!summary.columns.some((c) => c.name === columnName)) continue;
    try {
      summary = await withColumnType(projectDir, summary, columnName, type);
    } catch (err) {
      if (!(err instanceof RegulaError)) throw err;
      summary = { ...summary, warnings: [...summary.warnings, `Column "${columnName}" was set to ${type} before, but no longer can be: ${err.message}`] };
    }
  }
  return summary;
}
