// Keeping the lab tidy: names, notes and tags of runs, datasets, sweeps and the project, and soft
// deletes into the project's trash (store/trashStore). The Project owns the state; this module
// holds the rules: what goes with a dataset, what may not be touched while it trains.
import type { DatasetSummary, ItemInfo, ItemKind, RunRecord, SweepRecord, TrashEntry, TrashedItem } from '../../shared/domain';
import { RegulaError } from './errors';
import { datasetDir, readDatasetSummary, writeDatasetSummary, DATASETS_DIR } from './store/datasetStore';
import type { ProjectFile } from './store/projectFile';
import { listRuns, readRun, runDir, writeRun, RUNS_DIR } from './store/runStore';
import { listSweeps, readSweep, writeSweep, SWEEPS_DIR } from './store/sweepStore';
import { emptyTrash, listTrash, moveToTrash, publicEntry, restoreFromTrash, type StoredTrashItem } from './store/trashStore';

/** What the Project lends this module: its folder, its files, and the jobs in flight. */
export interface ItemHost {
  dir: string;
  file(): ProjectFile;
  setFile(file: ProjectFile): Promise<void>;
  datasets(): DatasetSummary[];
  setDatasets(list: DatasetSummary[]): void;
  /** The run or sweep in flight with this id, to change its record through its own writer. */
  active(id: string): { amend(patch: Partial<RunRecord & SweepRecord>): void } | undefined;
}

export interface Annotation {
  name?: string;
  note?: string | null;
  tags?: string[];
}

export type DeletableKind = Exclude<ItemKind, 'project'>;

export async function itemInfo(host: ItemHost, kind: ItemKind, id: string): Promise<ItemInfo> {
  const record = await readItem(host, kind, id);
  return { kind, id, name: record.name, ...(record.note ? { note: record.note } : {}), tags: record.tags ?? [] };
}

/** Renames and/or annotates one item; note null or '' clears it, tags replace the list. */
export async function annotateItem(host: ItemHost, kind: ItemKind, id: string, change: Annotation): Promise<ItemInfo> {
  const current = await readItem(host, kind, id);
  const patch = annotationPatch(current, change);
  switch (kind) {
    case 'project': {
      await host.setFile(withAnnotation(host.file(), patch));
      break;
    }
    case 'dataset': {
      const next = withAnnotation(host.datasets().find((d) => d.id === id)!, patch);
      await writeDatasetSummary(host.dir, next);
      host.setDatasets(host.datasets().map((d) => (d.id === id ? next : d)));
      break;
    }
    case 'run':
    case 'sweep': {
      const inFlight = host.active(id);
      if (inFlight) inFlight.amend(patch);
      else if (kind === 'run') await writeRun(host.dir, withAnnotation(current as RunRecord, patch));
      else await writeSweep(host.dir, withAnnotation(current as SweepRecord, patch));
      break;
    }
  }
  return itemInfo(host, kind, id);
}

/** What deleting an item moves to the trash (the item first); for a confirmation. */
export async function deletePlan(host: ItemHost, kind: DeletableKind, id: string, withDependents: boolean): Promise<StoredTrashItem[]> {
  if (kind === 'run') {
    const run = await readRun(host.dir, id);
    refuseActive(host, id, run.name);
    return [{ kind, id, name: run.name, from: `${RUNS_DIR}/${id}` }];
  }
  if (kind === 'sweep') {
    const sweep = await readSweep(host.dir, id);
    refuseActive(host, id, sweep.name);
    return [{ kind, id, name: sweep.name, from: `${SWEEPS_DIR}/${id}` }];
  }
  const dataset = currentDataset(host, id);
  const versions = [dataset.id, ...(dataset.previousVersions ?? [])];
  const items: StoredTrashItem[] = [{ kind, id, name: dataset.name, from: `${DATASETS_DIR}/${id}` }];
  for (const old of dataset.previousVersions ?? []) {
    datasetDir(host.dir, old); // validates the id before it becomes a path
    items.push({ kind: 'dataset', id: old, name: `${dataset.name} (version before)`, from: `${DATASETS_DIR}/${old}`, hidden: true });
  }
  const onDataset = (datasetId: string) => versions.includes(datasetId);
  const runs = (await listRuns(host.dir)).filter((r) => onDataset(r.spec.datasetId));
  const sweeps = (await listSweeps(host.dir)).filter((s) => onDataset(s.spec.base.datasetId));
  for (const job of [...runs, ...sweeps]) {
    if (host.active(job.id)) throw new RegulaError('item-busy', `${job.name} is training on ${dataset.name}; cancel it or wait before deleting the dataset.`);
  }
  if (withDependents) {
    for (const r of runs) items.push({ kind: 'run', id: r.id, name: r.name, from: `${RUNS_DIR}/${r.id}` });
    for (const s of sweeps) items.push({ kind: 'sweep', id: s.id, name: s.name, from: `${SWEEPS_DIR}/${s.id}` });
  }
  return items;
}

export function visible(items: StoredTrashItem[]): TrashedItem[] {
  return items.filter((i) => !i.hidden).map(({ kind, id, name }) => ({ kind, id, name }));
}

/** Soft delete: into the trash, and out of project.json for a dataset. */
export async function deleteItem(host: ItemHost, kind: DeletableKind, id: string, withDependents: boolean): Promise<TrashEntry> {
  const items = await deletePlan(host, kind, id, withDependents);
  const file = host.file();
  const datasetIds = items.filter((i) => i.kind === 'dataset').flatMap((i) => {
    const index = file.datasetIds.indexOf(i.id);
    return index >= 0 ? [{ id: i.id, index }] : [];
  });
  const entry = await moveToTrash(host.dir, items, datasetIds, async () => {
    // project.json first: a crash before the folder moves leaves an unlisted folder, never a
    // listed dataset whose folder is gone (which would stop the project from opening).
    if (datasetIds.length === 0) return;
    const gone = new Set(datasetIds.map((d) => d.id));
    await host.setFile({ ...file, datasetIds: file.datasetIds.filter((d) => !gone.has(d)) });
    host.setDatasets(host.datasets().filter((d) => !gone.has(d.id)));
  });
  return publicEntry(entry);
}

export async function restoreItem(host: ItemHost, trashId: string): Promise<TrashEntry> {
  const entry = await restoreFromTrash(host.dir, trashId);
  if (entry.datasetIds.length > 0) {
    const ids = [...host.file().datasetIds];
    for (const { id, index } of [...entry.datasetIds].sort((a, b) => a.index - b.index)) {
      if (!ids.includes(id)) ids.splice(Math.min(index, ids.length), 0, id);
    }
    await host.setFile({ ...host.file(), datasetIds: ids });
    host.setDatasets(await Promise.all(ids.map((d) => readDatasetSummary(host.dir, d))));
  }
  return publicEntry(entry);
}

export async function trashEntries(host: ItemHost): Promise<TrashEntry[]> {
  return (await listTrash(host.dir)).map(publicEntry);
}

export async function emptyProjectTrash(host: ItemHost): Promise<void> {
  await emptyTrash(host.dir);
}

function refuseActive(host: ItemHost, id: string, name: string): void {
  if (host.active(id)) throw new RegulaError('item-busy', `${name} is still training; cancel it or wait before deleting it.`);
}

function currentDataset(host: ItemHost, id: string): DatasetSummary {
  const found = host.datasets().find((d) => d.id === id);
  if (found) return found;
  const newer = host.datasets().find((d) => d.previousVersions?.includes(id));
  if (newer) throw new RegulaError('old-dataset-version', `Dataset ${id} is an earlier version of ${newer.name}; manage ${newer.name} instead.`);
  throw new RegulaError('unknown-dataset', `There is no dataset ${id} in this project.`);
}

interface Annotated {
  name: string;
  note?: string | undefined;
  tags?: string[] | undefined;
}

async function readItem(host: ItemHost, kind: ItemKind, id: string): Promise<Annotated> {
  switch (kind) {
    case 'project':
      if (id !== host.dir) throw new RegulaError('unknown-project', `Only the open project can be changed (its id is its path, ${host.dir}).`);
      return host.file();
    case 'dataset':
      return currentDataset(host, id);
    case 'run':
      runDir(host.dir, id);
      return readRun(host.dir, id);
    case 'sweep':
      return readSweep(host.dir, id);
  }
}

function annotationPatch(current: Annotated, change: Annotation): { name: string; note: string | undefined; tags: string[] } {
  const name = change.name?.trim() || current.name;
  const note = change.note === undefined ? current.note : change.note?.trim() ? change.note : undefined;
  const tags = change.tags === undefined ? (current.tags ?? []) : [...new Set(change.tags.map((t) => t.trim()).filter((t) => t.length > 0))];
  return { name, note, tags };
}

function withAnnotation<T extends Annotated>(record: T, patch: { name: string; note: string | undefined; tags: string[] }): T {
  const next: T = { ...record, name: patch.name, tags: patch.tags };
  if (patch.note === undefined) delete next.note;
  else next.note = patch.note;
  return next;
}
