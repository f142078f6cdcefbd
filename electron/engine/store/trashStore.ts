// .trash/<trashId>/: a delete moves folders here (one rename each, so a folder is either in its
// place or in the trash, never half copied) with entry.json saying where each came from. Undo
// moves them back; emptying the trash is the only way anything is removed for good. We chose a
// trash over a confirmation because a misclick in a tidy-up session should cost one "undo", not a
// model that took an hour to train.
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ItemKind, SCHEMA_VERSION, type TrashEntry } from '../../../shared/domain';
import { RegulaError } from '../errors';
import { newId } from '../random';
import { writeJsonAtomic } from './atomicFile';
import { pathExists } from './pathExists';

export const TRASH_DIR = '.trash';

const StoredItem = z.object({
  kind: ItemKind,
  id: z.string(),
  name: z.string(),
  // Folder relative to the project, e.g. runs/r-…; absent for items that are not folders.
  from: z.string().optional(),
  // Hidden items moved along (old dataset versions) are restored but not listed to the analyst.
  hidden: z.boolean().optional(),
});
export type StoredTrashItem = z.infer<typeof StoredItem>;

const StoredEntry = z.object({
  schemaVersion: z.number().int(),
  trashId: z.string(),
  deletedAt: z.string(),
  items: z.array(StoredItem),
  // Dataset ids removed from project.json (put back on restore, in their old places).
  datasetIds: z.array(z.object({ id: z.string(), index: z.number().int() })).default([]),
});
export type StoredTrashEntry = z.infer<typeof StoredEntry>;

function entryDir(projectDir: string, trashId: string): string {
  if (!/^[\w-]+$/.test(trashId)) throw new RegulaError('bad-trash-id', `Invalid trash id: ${trashId.slice(0, 60)}`);
  return path.join(projectDir, TRASH_DIR, trashId);
}

export function publicEntry(entry: StoredTrashEntry): TrashEntry {
  return {
    trashId: entry.trashId,
    deletedAt: entry.deletedAt,
    items: entry.items.filter((i) => !i.hidden).map(({ kind, id, name }) => ({ kind, id, name })),
  };
}

/**
 * Moves the items' folders into a new trash entry. The entry is written first, so a crash part-way
 * leaves an entry whose restore puts back what was moved (a missing folder is skipped then).
 */
export async function moveToTrash(
  projectDir: string,
  items: StoredTrashItem[],
  datasetIds: { id: string; index: number }[],
  beforeMove: () => Promise<void>,
): Promise<StoredTrashEntry> {
  const trashId = newId('t');
  const dir = entryDir(projectDir, trashId);
  await mkdir(dir, { recursive: true });
  const entry: StoredTrashEntry = { schemaVersion: SCHEMA_VERSION, trashId, deletedAt: new Date().toISOString(), items, datasetIds };
  await writeJsonAtomic(path.join(dir, 'entry.json'), entry);
  await beforeMove();
  for (const item of items) {
    if (!item.from) continue;
    const target = path.join(dir, item.from);
    await mkdir(path.dirname(target), { recursive: true });
    if (await pathExists(path.join(projectDir, item.from))) await rename(path.join(projectDir, item.from), target);
  }
  return entry;
}

export async function readTrashEntry(projectDir: string, trashId: string): Promise<StoredTrashEntry> {
  const file = path.join(entryDir(projectDir, trashId), 'entry.json');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    throw new RegulaError('unknown-trash', `Nothing with trash id ${trashId} is in this project's trash (it may have been emptied).`);
  }
  const parsed = StoredEntry.safeParse(json);
  if (!parsed.success) throw new RegulaError('corrupt-trash', `${file} is not a readable trash entry.`, { file });
  return parsed.data;
}

/** Moves an entry's folders back; refuses when something of the same id is back in place. */
export async function restoreFromTrash(projectDir: string, trashId: string): Promise<StoredTrashEntry> {
  const entry = await readTrashEntry(projectDir, trashId);
  const dir = entryDir(projectDir, trashId);
  for (const item of entry.items) {
    if (!item.from) continue;
    if ((await pathExists(path.join(dir, item.from))) && (await pathExists(path.join(projectDir, item.from)))) {
      throw new RegulaError('restore-conflict', `Cannot restore ${item.name}: ${item.from} exists in the project again.`);
    }
  }
  for (const item of entry.items) {
    if (!item.from || !(await pathExists(path.join(dir, item.from)))) continue;
    await mkdir(path.dirname(path.join(projectDir, item.from)), { recursive: true });
    await rename(path.join(dir, item.from), path.join(projectDir, item.from));
  }
  await rm(dir, { recursive: true, force: true });
  return entry;
}

export async function listTrash(projectDir: string): Promise<StoredTrashEntry[]> {
  let ids: string[];
  try {
    ids = await readdir(path.join(projectDir, TRASH_DIR));
  } catch {
    return [];
  }
  const entries: StoredTrashEntry[] = [];
  for (const id of ids) {
    try {
      entries.push(await readTrashEntry(projectDir, id));
    } catch {
      // a half-written or foreign folder: not listed
    }
  }
  return entries.sort((a, b) => b.deletedAt.localeCompare(a.deletedAt));
}

export async function emptyTrash(projectDir: string): Promise<void> {
  await rm(path.join(projectDir, TRASH_DIR), { recursive: true, force: true });
}
