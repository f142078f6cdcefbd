// regula export-project / import-project: a whole project as one .regula.zip, to send to a colleague.
import path from 'node:path';
import { exportProjectArchive, importProjectArchive } from '../../engine/index';
import { info, printJson } from '../output';

export async function exportProjectCommand(opts: { project: string; out: string; json?: boolean }): Promise<void> {
  const result = await exportProjectArchive(path.resolve(opts.project), path.resolve(opts.out));
  if (opts.json) printJson(result);
  else info(`Archived ${result.files} files (${result.bytes} bytes) into ${result.out}`);
}

export async function importProjectCommand(archive: string, opts: { to: string; json?: boolean }): Promise<void> {
  const result = await importProjectArchive(path.resolve(archive), path.resolve(opts.to));
  if (opts.json) printJson(result);
  else info(`Unpacked project "${result.name}" (${result.files} files) into ${result.dir}`);
}
