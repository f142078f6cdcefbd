// regula runs --project DIR: the runs of a project, read without taking the project's lock so it
// works while the app has the project open.
import path from 'node:path';
import { listRunsReport, ownerLiveness, readProjectFile } from '../../engine/index';
import { info, printJson } from '../output';

export async function runsCommand(opts: { project: string; json?: boolean }): Promise<void> {
  const dir = path.resolve(opts.project);
  const project = await readProjectFile(dir);
  const report = await listRunsReport(dir);
  for (const problem of report.problems) info(`warning: ${problem.message}`);
  // Read without the lock, so nothing is repaired here; but a run whose process is gone is not
  // shown as live (the next open of the project records it as interrupted).
  const runs = report.runs.map((r) => (r.status === 'running' && (!r.owner || ownerLiveness(r.owner) === 'gone') ? { ...r, status: 'interrupted' as const } : r));
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
