// regula runs --project DIR: the runs of a project, read without taking the project's lock so it
// works while the app has the project open.
import path from 'node:path';
import { readProjectFile, listRuns } from '../../engine/index';
import { info, printJson } from '../output';

export async function runsCommand(opts: { project: string; json?: boolean }): Promise<void> {
  const dir = path.resolve(opts.project);
  const project = await readProjectFile(dir);
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
    console.log(`${r.id}  ${r.status.padEnd(9)} ${(r.backend ?? '-').padEnd(10)} ${r.name}${typeof value === 'number' ? `  val ${key}=${value.toPrecision(4)}` : ''}`);
  }
}
