// The fuzz campaign's worker process: imports one file, or predicts with one model package, per
// message, and says how it ended. It runs the engine exactly as the CLI does (same import entry,
// same package loader); a crash, hang or memory blow-up is seen by the parent (campaign.ts).
import * as tf from '@tensorflow/tfjs';
import { importTable } from '../../electron/engine/data/importTable';
import { RegulaError } from '../../electron/engine/errors';
import { loadModelPackage } from '../../electron/engine/export/loadModelPackage';
import { predictFile } from '../../electron/engine/export/predict';

export type Job = { id: number; kind: 'import'; file: string } | { id: number; kind: 'predict'; model: string; data: string };
/** clean: read / predicted; error: a RegulaError; unexpected: any other exception; wrong: a prediction that cannot be right. */
export type Ending = 'clean' | 'error' | 'unexpected' | 'wrong';
export interface Reply {
  id: number;
  ending: Ending;
  detail?: string;
}

async function handle(job: Job): Promise<Reply> {
  try {
    if (job.kind === 'import') {
      await importTable(job.file);
      return { id: job.id, ending: 'clean' };
    }
    const pkg = await loadModelPackage(tf, job.model);
    try {
      const result = await predictFile(tf, pkg, job.data);
      // The data is the package's own training file: a package that loads but predicts none of
      // its rows (columns that contradict their inputs skipped them all) is a wrong answer.
      if (result.predicted === 0 && result.rows.length > 0) return { id: job.id, ending: 'wrong', detail: `no row of ${result.rows.length} predicted (first skip: ${result.skipped[0]?.reason ?? '?'})` };
      const classes = pkg.manifest.target.classes;
      const first = result.header.length - (classes ? (classes.length === 2 ? 2 : classes.length + 1) : 1);
      for (const row of result.rows) {
        const outputs = row.slice(first + (classes ? 1 : 0)) as (number | null)[];
        for (const v of outputs) {
          if (v === null) continue;
          // A prediction must be finite, and a probability must be one.
          if (!Number.isFinite(v) || (classes && (v < 0 || v > 1))) return { id: job.id, ending: 'wrong', detail: `output ${v}` };
        }
      }
    } finally {
      pkg.model.dispose();
    }
    return { id: job.id, ending: 'clean' };
  } catch (err) {
    if (err instanceof RegulaError) return { id: job.id, ending: 'error', detail: `${err.code}: ${err.message.slice(0, 200)}` };
    return { id: job.id, ending: 'unexpected', detail: err instanceof Error ? `${err.name}: ${err.message.slice(0, 300)}` : String(err) };
  }
}

await tf.setBackend('cpu');
process.on('message', (job: Job) => {
  void handle(job).then((reply) => process.send?.(reply));
});
process.send?.({ ready: true });
