// regula export --project DIR --run ID --out PATH: a run's model as a package other tools open
// (TF.js, Keras, ONNX, Excel), read without taking the project's lock so it works while the app
// has the project open.
import path from 'node:path';
import { exportRunPackage, parseFormats } from '../../engine/index';
import { info, printJson } from '../output';
import { readPackageVersion } from '../../app/version';

export interface ExportFlags {
  project: string;
  run: string;
  out: string;
  format?: string;
  zip?: boolean;
  json?: boolean;
}

export async function exportCommand(flags: ExportFlags): Promise<void> {
  const result = await exportRunPackage({
    projectDir: path.resolve(flags.project),
    runId: flags.run,
    out: path.resolve(flags.out),
    formats: parseFormats(flags.format),
    zip: Boolean(flags.zip),
    regulaVersion: await readPackageVersion(),
  });
  if (flags.json) {
    printJson(result);
    return;
  }
  info(`Exported run ${result.runId} (${result.formats.join(', ')}) to ${result.out}${result.zip ? ' (zip)' : ''}:`);
  for (const f of result.files) info(`  ${f}`);
  for (const s of result.skipped) info(`  not exported: ${s.format} — ${s.reason}`);
}
