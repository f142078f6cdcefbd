// Dataset versions: re-parsing a file (another sheet, delimiter or missing markers) gives a new
// dataset id that replaces the old one in the project, in a chain named by its first id (lineage).
// A new id rather than an overwrite, so a run's spec.datasetId keeps naming the exact rows it saw.
import type { DatasetSummary, DatasetVersionRef } from '../../shared/domain';

/** What a new version carries over from the one it replaces. */
export interface VersionOf {
  lineage: string;
  version: number;
  previousVersions: string[];
  name: string;
  note?: string;
  tags?: string[];
}

export function nextVersionOf(previous: DatasetSummary): VersionOf {
  return {
    lineage: previous.lineage ?? previous.id,
    version: (previous.version ?? 1) + 1,
    previousVersions: [...(previous.previousVersions ?? []), previous.id],
    name: previous.name,
    ...(previous.note ? { note: previous.note } : {}),
    ...(previous.tags ? { tags: previous.tags } : {}),
  };
}

export function datasetVersionRef(dataset: DatasetSummary): DatasetVersionRef {
  return {
    id: dataset.id,
    lineage: dataset.lineage ?? dataset.id,
    version: dataset.version ?? 1,
    name: dataset.name,
    ...(dataset.sha256 ? { sha256: dataset.sha256 } : {}),
    ...(dataset.typeOverrides && Object.keys(dataset.typeOverrides).length ? { typeOverrides: dataset.typeOverrides } : {}),
  };
}
