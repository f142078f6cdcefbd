// Exports a run's model as a package other tools open: TF.js, Keras (.keras and legacy .h5), ONNX,
// an Excel scoring workbook (linear models), the preprocessing, a model card and CSV tables.
// Everything is written into a temporary sibling of the destination and renamed into place at
// the end, so the destination holds a complete package or nothing.
import { randomBytes, createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { asWriteError, syncFolder, writeFileAtomic } from '../store/atomicFile';
import path from 'node:path';
import { zipSync } from 'fflate';
import type { DatasetSummary } from '../../../shared/domain';
import { RegulaError } from '../errors';
import { readDatasetSummary } from '../store/datasetStore';
import { readProjectFile } from '../store/projectFile';
import { readRun } from '../store/runStore';
import { loadBackend, type BackendPreference } from '../train/backend';
import { coefficientsCsv, metricsCsv } from './exportTables';
import { describeModel } from './exportedModel';
import { kerasArchiveBytes } from './kerasArchive';
import { writeKerasLegacyH5 } from './kerasLegacyH5';
import { loadModelPackage } from './loadModelPackage';
import { modelCard } from './modelCard';
import { MODEL_FILE, WEIGHTS_FILE } from './modelFiles';
import { onnxModelBytes } from './onnxModel';
import { exportedPreprocessing } from './preprocessingFile';
import { scoringWorkbookBytes } from './scoringWorkbook';
import { pathExists } from '../store/pathExists';

export const EXPORT_FORMATS = ['tfjs', 'keras', 'h5', 'onnx', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const PACKAGE_MANIFEST = 'manifest.json';
export const PACKAGE_FORMAT = 'regula.model-package';
export const PACKAGE_SCHEMA_VERSION = 1;

/** Where each format lands inside the package. */
export const FORMAT_FILES: Record<ExportFormat, string[]> = {
  tfjs: [`tfjs/${MODEL_FILE}`, `tfjs/${WEIGHTS_FILE}`],
  keras: ['model.keras'],
  h5: ['model.h5'],
  onnx: ['model.onnx'],
  xlsx: ['scoring.xlsx'],
};

export interface ExportRequest {
  projectDir: string;
  runId: string;
  /** The package folder, or the .zip file with `zip`. Must not exist yet. */
  out: string;
  /** Formats to write; 'all' writes every format that fits the model (xlsx: linear models only). */
  formats: ExportFormat[] | 'all';
  zip?: boolean;
  regulaVersion: string;
  backendPreference?: BackendPreference;
  now?: Date;
}

export interface ExportResult {
  out: string;
  zip: boolean;
  runId: string;
  formats: ExportFormat[];
  skipped: { format: ExportFormat; reason: string }[];
  /** Paths inside the package (the folder or the zip), manifest.json last. */
  files: string[];
}

export function parseFormats(value: string | undefined): ExportFormat[] | 'all' {
  if (!value || value === 'all') return 'all';
  const list = value.split(',').map((s) => s.trim().toLowerCase());
  for (const f of list) {
    if (f === 'all') return 'all';
    if (!(EXPORT_FORMATS as readonly string[]).includes(f)) {
      throw new RegulaError('bad-option', `Unknown export format "${f.slice(0, 40)}"; use ${EXPORT_FORMATS.join(', ')} or all.`);
    }
  }
  return [...new Set(list)] as ExportFormat[];
}

export async function exportRunPackage(req: ExportRequest): Promise<ExportResult> {
  const out = path.resolve(req.out);
  if (await pathExists(out)) throw new RegulaError('output-exists', `${out} already exists; choose a new name for the export (nothing was written).`, { file: out });
  const parent = path.dirname(out);
  if (!(await pathExists(parent))) throw new RegulaError('no-folder', `The folder ${parent} does not exist.`, { file: parent });

  await readProjectFile(path.resolve(req.projectDir)); // a clear error for a folder that is not a project
  const run = await readRun(req.projectDir, req.runId);
  if (run.status !== 'completed' || !run.modelDir) {
    throw new RegulaError('no-model', `Run ${run.id} (${run.name}) has no saved model to export (status: ${run.status}).`);
  }
  const { tf } = await loadBackend(req.backendPreference ?? 'cpu');
  const modelDir = path.join(req.projectDir, run.modelDir);
  const pkg = await loadModelPackage(tf, modelDir);
  let model;
  try {
    model = describeModel(pkg.model, pkg.manifest, run);
  } finally {
    pkg.model.dispose();
  }
  const manifest = pkg.manifest;
  const dataset = await readDatasetSummary(req.projectDir, run.spec.datasetId).catch((): DatasetSummary | undefined => undefined);

  const skipped: ExportResult['skipped'] = [];
  let formats: ExportFormat[];
  if (req.formats === 'all') {
    formats = EXPORT_FORMATS.filter((f) => f !== 'xlsx' || model.isLinear);
    if (!model.isLinear) skipped.push({ format: 'xlsx', reason: 'the Excel scoring workbook is for linear models' });
  } else {
    formats = req.formats;
    if (formats.includes('xlsx') && !model.isLinear) {
      throw new RegulaError('export-not-linear', `Run ${run.id} is a dense network; the Excel scoring workbook is for linear models (export it as onnx, keras, h5 or tfjs).`);
    }
  }

  const now = req.now ?? new Date();
  const temp = `${out}.partial-${randomBytes(4).toString('hex')}`;
  const files = new Map<string, Uint8Array>();
  const put = (name: string, data: string | Uint8Array) => files.set(name, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  try {
    await mkdir(temp);
    put('preprocessing.json', JSON.stringify(exportedPreprocessing(manifest), null, 2) + '\n');
    if (formats.includes('tfjs')) {
      put(`tfjs/${MODEL_FILE}`, await readFile(path.join(modelDir, MODEL_FILE)));
      put(`tfjs/${WEIGHTS_FILE}`, await readFile(path.join(modelDir, WEIGHTS_FILE)));
    }
    if (formats.includes('keras')) put('model.keras', await kerasArchiveBytes(model, path.join(temp, '.weights-scratch.h5'), now));
    if (formats.includes('h5')) {
      const scratch = path.join(temp, '.legacy-scratch.h5');
      await writeKerasLegacyH5(model, scratch);
      put('model.h5', await readFile(scratch));
      await rm(scratch, { force: true });
    }
    if (formats.includes('onnx')) put('model.onnx', await onnxModelBytes(model, req.regulaVersion));
    if (formats.includes('xlsx')) put('scoring.xlsx', await scoringWorkbookBytes(model, manifest));
    if (model.isLinear) put('coefficients.csv', coefficientsCsv(model));
    put('metrics.csv', metricsCsv(run));
    const listed = [...files.keys(), 'model-card.md', PACKAGE_MANIFEST];
    put('model-card.md', modelCard({ run, manifest, dataset, model, regulaVersion: req.regulaVersion, exportedAt: now, files: listed }));
    put(PACKAGE_MANIFEST, JSON.stringify(packageManifest(run.id, manifest.target.task, formats, req.regulaVersion, now, files), null, 2) + '\n');

    // Through the store's writer: every byte written and fsynced, a full disk named with the space
    // needed, and the destination complete or absent.
    if (req.zip) {
      await writeFileAtomic(out, zipSync(Object.fromEntries(files), { level: 6, mtime: now }));
    } else {
      for (const [name, data] of files) {
        await mkdir(path.dirname(path.join(temp, name)), { recursive: true });
        await writeFileAtomic(path.join(temp, name), data);
      }
      await rename(temp, out);
      await syncFolder(path.dirname(out));
    }
  } catch (err) {
    // Scratch files (the .h5 writer's) and folders fail with plain file-system errors: named too.
    throw asWriteError(err, out, [...files.values()].reduce((n, d) => n + d.byteLength, 0));
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return { out, zip: Boolean(req.zip), runId: run.id, formats, skipped, files: [...files.keys()] };
}

function packageManifest(runId: string, task: string, formats: ExportFormat[], version: string, now: Date, files: Map<string, Uint8Array>) {
  return {
    format: PACKAGE_FORMAT,
    schemaVersion: PACKAGE_SCHEMA_VERSION,
    producer: `Regula ${version}`,
    exportedAt: now.toISOString(),
    runId,
    task,
    formats,
    files: [...files].map(([name, data]) => ({ path: name, bytes: data.byteLength, sha256: createHash('sha256').update(data).digest('hex') })),
  };
}
