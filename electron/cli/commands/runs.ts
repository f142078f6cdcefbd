// regula runs --project DIR: the runs of a project, read without taking the project's lock so it
// works while the app has the project open. With --delete/--rename/--note/--tag/--restore it changes
// one run (or sweep or dataset, by the id's prefix) and takes the lock like the app does.
import path from 'node:path';
import type { ItemKind } from '../../../shared/domain';
import { RegulaError } from '../../engine/errors';
import { readProjectFile } from '../../engine/store/projectFile';
import { listRuns } from '../../engine/store/runStore';
import type { Project } from '../../engine/index';
import { info, printJson } from '../output';
import { cliEngine } from '../projectForCli';

export interface RunsFlags {
  project: string;
  json?: boolean;
  delete?: string;
  withDependents?: boolean;
  restore?: string;
  rename?: string;
  name?: string;
  note?: string;
  text?: string;
  tag?: string;
  tagName?: string;
}

export async function runsCommand(opts: RunsFlags): Promise<void> {
  const dir = path.resolve(opts.project);
  const project = await readProjectFile(dir);
  if (opts.delete || opts.restore || opts.rename || opts.note || opts.tag) {
    await changeItem(dir, opts);
    return;
  }
  const runs = await listRuns(dir);
  if (opts.json) {
    printJson({ project: dir, name: project.name, runs });
    return;
  }
  if (runs.length === 0) info(`No runs in ${dir} yet.`);
  for (const r of runs) {
    const validation = r.metrics?.validation ?? {};
    const key = 'rmse' in validation ? 'rmse' : 'accuracy' in validation ? 'accuracy' : 'loss';
    const value = validation[key];
    const tags = r.tags?.length ? `  [${r.tags.join(', ')}]` : '';
    console.log(`${r.id}  ${r.status.padEnd(9)} ${(r.backend ?? '-').padEnd(10)} ${r.name}${typeof value === 'number' ? `  val ${key}=${value.toPrecision(4)}` : ''}${tags}`);
  }
}

/** One change per call, so a script knows exactly what happened from the exit code and the JSON. */
async function changeItem(dir: string, opts: RunsFlags): Promise<void> {
  const actions = [opts.delete, opts.restore, opts.rename, opts.note, opts.tag].filter((a) => a !== undefined);
  if (actions.length > 1) throw new RegulaError('bad-option', 'Give one of --delete, --restore, --rename, --note or --tag at a time.');
  if (opts.rename !== undefined && !opts.name?.trim()) throw new RegulaError('bad-option', '--rename ID needs --name TEXT (the new name).');
  if (opts.note !== undefined && opts.text === undefined) throw new RegulaError('bad-option', '--note ID needs --text TEXT (an empty text clears the note).');
  if (opts.tag !== undefined && !opts.tagName?.trim()) throw new RegulaError('bad-option', '--tag ID needs --tag-name TAG.');
  const project = await cliEngine().openProject(dir);
  try {
    const out = await apply(project, opts);
    if (opts.json) printJson({ project: dir, ...out });
    else info(out.message);
  } finally {
    await project.close();
  }
}

async function apply(project: Project, opts: RunsFlags): Promise<Record<string, unknown> & { message: string }> {
  if (opts.delete !== undefined) {
    const kind = kindOf(opts.delete);
    if (kind === 'project') throw new RegulaError('bad-option', 'A project is deleted in the file manager, not with --delete.');
    const deleted = await project.deleteItem(kind, opts.delete, opts.withDependents === true);
    const what = deleted.items.map((i) => `${i.kind} ${i.id} (${i.name})`).join(', ');
    return { deleted, message: `Moved to the project's trash: ${what}. Undo with --restore ${deleted.trashId}.` };
  }
  if (opts.restore !== undefined) {
    const restored = await project.restore(opts.restore);
    return { restored, message: `Restored ${restored.items.map((i) => `${i.kind} ${i.id}`).join(', ')}.` };
  }
  if (opts.rename !== undefined) {
    const item = await project.annotate(kindOf(opts.rename), opts.rename, { name: opts.name! });
    return { item, message: `${item.id} is now named "${item.name}".` };
  }
  if (opts.note !== undefined) {
    const item = await project.annotate(kindOf(opts.note), opts.note, { note: opts.text! });
    return { item, message: item.note ? `Note saved on ${item.id}.` : `Note cleared on ${item.id}.` };
  }
  const id = opts.tag!;
  const kind = kindOf(id);
  const current = await project.itemInfo(kind, id);
  const item = await project.annotate(kind, id, { tags: [...current.tags, opts.tagName!.trim()] });
  return { item, message: `${item.id} tags: ${item.tags.join(', ')}.` };
}

/** Ids carry their kind as a prefix (r- run, s- sweep, d- dataset). */
function kindOf(id: string): ItemKind {
  if (id.startsWith('r-')) return 'run';
  if (id.startsWith('s-')) return 'sweep';
  if (id.startsWith('d-')) return 'dataset';
  throw new RegulaError('bad-option', `"${id.slice(0, 60)}" is not a run, sweep or dataset id (they start with r-, s- or d-).`);
}
