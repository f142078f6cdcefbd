// regula resume / regula retry --project DIR --run ID: continue an interrupted run from its last
// checkpoint under the same id, or train a new run with the same spec. Both print the run's record
// as `regula train` does (same JSON keys), and Ctrl+C cancels them the same way.
import path from 'node:path';
import type { Project, RunHandle } from '../../engine/index';
import { info } from '../output';
import { cliHost } from '../projectForCli';
import { followRun } from './train';

export interface RunAgainFlags {
  project: string;
  run: string;
  json?: boolean;
  quiet?: boolean;
}

export function resumeCommand(flags: RunAgainFlags): Promise<void> {
  return runAgain(flags, (project) => project.resumeRun(flags.run));
}

export function retryCommand(flags: RunAgainFlags): Promise<void> {
  return runAgain(flags, (project) => project.retryRun(flags.run));
}

async function runAgain(flags: RunAgainFlags, start: (project: Project) => Promise<RunHandle>): Promise<void> {
  const host = cliHost({ prestartWorker: true });
  // An existing project only: resuming in a folder that holds none is a mistake, not a new project.
  const project = await host.engine.openProject(path.resolve(flags.project));
  for (const notice of project.notices) info(notice);
  try {
    const handle = await start(project);
    const run = (await project.listRuns()).find((r) => r.id === handle.runId);
    await followRun(host, project, handle, { ...flags, epochsWanted: run?.spec.epochs ?? 0 });
  } finally {
    await project.close();
  }
}
