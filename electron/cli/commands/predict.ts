// regula predict FILE --model DIR --out FILE: predictions for a new spreadsheet with a saved model,
// written as CSV/TSV/XLSX that other tools open (formula-like text neutralized). The output is
// written a block of rows at a time (stdout or a temp file renamed into place), rounded unless
// --full-precision, with progress on stderr.
import path from 'node:path';
import { RegulaError, createEngineEvents, csvLines, loadScoringModel, planFile, openTableWriter, streamPredictions, throttledProgress, loadBackend } from '../../engine/index';
import type { Cell } from '../../engine/index';
import { info, printJson } from '../output';
import { assertReadableFile } from '../projectForCli';

export interface PredictFlags {
  model: string;
  out?: string;
  sheet?: string;
  json?: boolean;
  fullPrecision?: boolean;
  quiet?: boolean;
  events?: boolean;
}

export async function predictCommand(file: string, opts: PredictFlags): Promise<void> {
  await assertReadableFile(file);
  if (opts.json && !opts.out) throw new RegulaError('bad-option', '--json prints a summary on stdout, so the predictions need --out FILE.');
  const { tf, info: backend } = await loadBackend();
  const modelDir = path.resolve(opts.model);
  // A model folder or an exported package (folder or .zip), read with the training markers.
  const pkg = await loadScoringModel(tf, modelDir);
  const events = createEngineEvents();
  reportProgress(events, opts);
  // The CLI scores a model folder, not a run of an open project: the folder names the "run".
  const progress = throttledProgress((p) => events.emit('predict:progress', { runId: modelDir, fileName: path.basename(file), ...p }));
  let result;
  try {
    const plan = await planFile(tf, pkg, file, { ...(opts.sheet ? { sheet: opts.sheet } : {}), onReadProgress: (fraction) => progress({ phase: 'reading', fraction }) });
    const options = {
      fullPrecision: opts.fullPrecision === true,
      onProgress: (rowsDone: number, rows: number) => progress({ phase: 'predicting' as const, fraction: rows ? rowsDone / rows : 1, rowsDone, rows }),
    };
    if (!opts.out) {
      // The same neutralizing writer as a file, header cells included, a block at a time.
      await writeStdout(csvLines([plan.header]));
      result = await streamPredictions(plan, { write: (rows: Cell[][]) => writeStdout(csvLines(rows)) }, options);
    } else {
      const writer = await openTableWriter(path.resolve(opts.out), plan.header);
      try {
        result = await streamPredictions(plan, writer, options);
        await writer.close();
      } catch (err) {
        await writer.abort();
        throw err;
      }
    }
  } finally {
    pkg.model.dispose();
  }
  const summary = {
    file: path.resolve(file),
    model: modelDir,
    out: opts.out ? path.resolve(opts.out) : null,
    backend: backend.name,
    task: pkg.manifest.target.task,
    target: pkg.manifest.target.name,
    classes: pkg.manifest.target.classes ?? null,
    rows: result.rows,
    predicted: result.predicted,
    skipped: result.skipped,
    unmapped: result.unmapped,
    unmappedCount: result.unmappedCount,
    columns: result.header,
    fullPrecision: opts.fullPrecision === true,
  };
  if (opts.json) printJson(summary);
  else {
    info(`${result.predicted} of ${result.rows} rows predicted${opts.out ? ` into ${summary.out}` : ''}.`);
    for (const s of result.skipped.slice(0, 10)) info(`  row ${s.row} skipped: ${s.reason}`);
    if (result.skipped.length > 10) info(`  … and ${result.skipped.length - 10} more rows skipped`);
    if (result.unmappedCount > 0) info(`  ${result.unmappedCount} value(s) could not be mapped to the model's inputs (first: column "${result.unmapped[0]!.column}", row ${result.unmapped[0]!.row}: ${result.unmapped[0]!.reason})`);
  }
}

/** Waits for stdout to take a block (a pipe to a slow reader must not fill memory). */
function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (err) => (err ? reject(err) : resolve()));
  });
}

/** Progress on stderr every 10 percentage points; with --events, every event as one JSON line. */
function reportProgress(events: ReturnType<typeof createEngineEvents>, opts: PredictFlags): void {
  if (opts.events) {
    events.onAny((event, payload) => process.stderr.write(`${JSON.stringify({ event, payload })}\n`));
    return;
  }
  if (opts.quiet) return;
  let shown = '';
  events.on('predict:progress', ({ fileName, phase, fraction, rowsDone, rows }) => {
    const step = `${phase}:${Math.floor(fraction * 10)}`;
    if (step === shown) return;
    shown = step;
    const counts = rows !== undefined && rowsDone !== undefined ? ` (${rowsDone.toLocaleString('en-US')} of ${rows.toLocaleString('en-US')} rows)` : '';
    process.stderr.write(`${phase} ${fileName}: ${Math.round(fraction * 100)}%${counts}\n`);
  });
}
