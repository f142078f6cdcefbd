// regula import-model PACKAGE --project DIR: a model package (folder or .zip from `regula export`)
// copied into the project's models/ folder after validation, ready for `regula predict --model`.
import path from 'node:path';
import { importModelPackage } from '../../engine/index';
import { info, printJson } from '../output';

export async function importModelCommand(source: string, opts: { project: string; json?: boolean }): Promise<void> {
  const result = await importModelPackage(path.resolve(opts.project), path.resolve(source));
  if (opts.json) printJson(result);
  else info(`Imported ${result.task} model for "${result.target}" as ${result.id}: ${result.modelDir}\nScore a file with: regula predict FILE --model ${result.modelDir}`);
}
