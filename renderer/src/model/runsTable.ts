// Which runs the runs table shows and in what order: filtered by dataset (the current one by
// default, including the versions it replaced), penalty, tag and status, and sorted by date, name,
// penalty or the headline validation metric. Pure, so the rules are tested without a DOM.
import type { DatasetSummary, RunRecord } from '../../../shared/domain';

export type SortKey = 'date' | 'name' | 'penalty' | 'metric' | 'loss';
export type PenaltyFilter = 'any' | 'none' | 'l1' | 'l2' | 'l1l2';

export interface RunsQuery {
  /** 'current' = the dataset on screen and its earlier versions; 'all'; or one dataset id. */
  dataset: string;
  penalty: PenaltyFilter;
  tag: string;
  status: 'any' | RunRecord['status'];
  sort: SortKey;
  descending: boolean;
}

export const defaultQuery = (): RunsQuery => ({ dataset: 'current', penalty: 'any', tag: '', status: 'any', sort: 'date', descending: true });

/** The ids a dataset has had (re-parsing makes a new version that replaces the old one). */
export function datasetIds(dataset: DatasetSummary | null): Set<string> {
  if (!dataset) return new Set();
  return new Set([dataset.id, ...(dataset.previousVersions ?? [])]);
}

export function belongsTo(run: Pick<RunRecord, 'spec'>, dataset: DatasetSummary | null): boolean {
  return datasetIds(dataset).has(run.spec.datasetId);
}

/** The validation number the table sorts by, and whether larger is better. */
export function headlineMetric(run: RunRecord): { name: string; value: number; higherIsBetter: boolean } | null {
  const v = run.metrics?.validation ?? {};
  if (typeof v.r2 === 'number') return { name: 'R²', value: v.r2, higherIsBetter: true };
  if (typeof v.accuracy === 'number') return { name: 'accuracy', value: v.accuracy, higherIsBetter: true };
  if (typeof v.mse === 'number') return { name: 'MSE', value: v.mse, higherIsBetter: false };
  return null;
}

function penaltyRank(run: RunRecord): string {
  const r = run.spec.regularizer;
  const strength = r.kind === 'none' ? 0 : r.kind === 'l1' ? r.l1 : r.kind === 'l2' ? r.l2 : r.l1 + r.l2;
  return `${r.kind}:${strength.toExponential(6).padStart(16, '0')}`;
}

export function allTags(runs: RunRecord[]): string[] {
  return [...new Set(runs.flatMap((r) => r.tags ?? []))].sort((a, b) => a.localeCompare(b));
}

export function queryRuns(runs: RunRecord[], query: RunsQuery, current: DatasetSummary | null): RunRecord[] {
  const ids = query.dataset === 'current' ? datasetIds(current) : query.dataset === 'all' ? null : new Set([query.dataset]);
  const kept = runs.filter(
    (r) =>
      (ids === null || ids.has(r.spec.datasetId)) &&
      (query.penalty === 'any' || r.spec.regularizer.kind === query.penalty) &&
      (query.status === 'any' || r.status === query.status) &&
      (query.tag === '' || (r.tags ?? []).includes(query.tag)),
  );
  const sign = query.descending ? -1 : 1;
  const key = (r: RunRecord): string | number | null => {
    switch (query.sort) {
      case 'date':
        return r.createdAt;
      case 'name':
        return r.name.toLocaleLowerCase();
      case 'penalty':
        return penaltyRank(r);
      case 'loss':
        return r.loss?.total ?? null;
      case 'metric': {
        const m = headlineMetric(r);
        // "Best first" when descending, whichever direction the metric improves in.
        return m ? (m.higherIsBetter ? m.value : -m.value) : null;
      }
    }
  };
  return kept
    .map((r) => ({ r, k: key(r) }))
    .sort((a, b) => {
      // Runs without the value (failed, still running) go last in either direction.
      if (a.k === null || b.k === null) return a.k === null ? (b.k === null ? 0 : 1) : -1;
      return a.k < b.k ? -sign : a.k > b.k ? sign : 0;
    })
    .map(({ r }) => r);
}
