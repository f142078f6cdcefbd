// model-card.md: what the exported model is, how it was made and how well it did, for a reader
// who has only the package — including the Keras code that rebuilds the same architecture.
import type { DatasetSummary, RunRecord } from '../../../shared/domain';
import type { PrepManifest } from '../prep/manifest';
import type { Penalty } from '../train/penalty';
import { linearCoefficients, type ExportedModel } from './exportedModel';
import { kerasCode } from './kerasConfig';
import { exportedPreprocessing } from './preprocessingFile';
import { DEFAULT_MISSING_MARKERS } from '../data/missingMarkers';

export interface CardContext {
  run: RunRecord;
  manifest: PrepManifest;
  dataset: DatasetSummary | undefined;
  model: ExportedModel;
  regulaVersion: string;
  exportedAt: Date;
  files: string[];
}

function penaltyText(p: Penalty): string {
  if (p.lambda1 > 0 && p.lambda2 > 0) return `L1L2 (λ1 = ${p.lambda1}, λ2 = ${p.lambda2})`;
  if (p.lambda1 > 0) return `L1 (λ1 = ${p.lambda1})`;
  if (p.lambda2 > 0) return `L2 (λ2 = ${p.lambda2})`;
  return 'none';
}

/** Markdown table cells: a pipe or newline in a column name must not break the table. */
function cell(v: unknown): string {
  return String(v).replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

function fmt(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : Number.isInteger(v) ? String(v) : v.toPrecision(6);
}

export function modelCard(c: CardContext): string {
  const { run, manifest, model: m } = c;
  const rows = manifest.rows;
  const out: string[] = [];
  out.push(`# Model card — ${cell(run.name)}`, '');
  out.push('| | |', '|---|---|');
  out.push(`| run | ${cell(run.id)} |`);
  out.push(`| data set | ${cell(c.dataset?.sourceFile ?? run.spec.datasetId)}${c.dataset ? ` (${c.dataset.rows} rows)` : ''} |`);
  out.push(`| rows used | ${rows.used} of ${rows.total} (train ${rows.train}, validation ${rows.validation}, test ${rows.test}) |`);
  out.push(`| rows dropped for missing values | ${rows.dropped} |`);
  out.push(`| target | ${cell(manifest.target.name)} |`);
  out.push(`| task | ${manifest.target.task}${m.classes ? ` (classes: ${m.classes.map(cell).join(', ')}${m.task === 'binary' ? `; positive class ${cell(m.classes[1])}` : ''})` : ''} |`);
  out.push(`| model | ${m.isLinear ? 'linear' : `dense network, ${m.layers.length - 1} hidden layer(s)`} |`);
  out.push(`| penalty | ${penaltyText(m.layers[m.layers.length - 1]!.kernelPenalty)} on the kernel${m.isLinear ? '' : 's (per layer below)'}, Keras meaning: λ1·Σ\\|w\\| + λ2·Σw² added to the mean data loss |`);
  out.push(`| solver | ${cell(run.solver ?? run.spec.optimizer.kind)} |`);
  out.push(`| epochs | ${run.epochsRun}${run.stopReason ? ` (${cell(run.stopReason)})` : ''} |`);
  out.push(`| seed | ${run.spec.seed} |`);
  out.push(`| trained | ${run.finishedAt ?? run.createdAt} |`);
  out.push(`| backend | ${cell(run.backend ?? 'unknown')} |`);
  out.push(`| exported | ${c.exportedAt.toISOString()} by Regula ${c.regulaVersion} |`);
  out.push('');

  out.push('## Features', '', 'Inputs in model order. Numeric columns enter raw and are standardized inside the Keras and ONNX models ((x − mean) / std); each kept category of a text column is a one-hot input (1 when the cell equals it), standardized the same way.', '');
  out.push('| # | input | column | kind | mean | std |', '|---|---|---|---|---|---|');
  manifest.inputs.forEach((i, j) => out.push(`| ${j} | ${cell(i.name)} | ${cell(i.source)} | ${i.kind}${i.other ? ' (other categories)' : ''} | ${fmt(i.mean)} | ${fmt(i.std)} |`));
  out.push('', 'Missing values:', '');
  for (const col of manifest.columns) {
    out.push(`- ${cell(col.name)}: ${col.fill === undefined ? 'rows with an empty cell are dropped (not scored)' : `filled with ${JSON.stringify(col.fill)} (${col.missing}, fitted on the training rows)`}`);
  }
  out.push('', ...markerLines(manifest), '');

  out.push('## Metrics', '', '| split | metric | value |', '|---|---|---|');
  for (const [split, metrics] of Object.entries(run.metrics ?? {}) as [string, Record<string, number | null> | undefined][]) {
    for (const [name, value] of Object.entries(metrics ?? {})) out.push(`| ${split} | ${cell(name)} | ${fmt(value)} |`);
  }
  if (run.loss) out.push(`| train | objective (data + penalty) | ${fmt(run.loss.data)} + ${fmt(run.loss.penalty)} = ${fmt(run.loss.total)} |`);
  out.push('');

  const weights = m.layers.reduce((n, d) => n + d.kernel.length, 0);
  const zeros = m.layers.reduce((n, d) => n + d.kernel.filter((w) => w === 0).length, 0);
  out.push('## Weights', '', `Sparsity: ${zeros} of ${weights} kernel weights are exactly zero.`, '');
  out.push('| layer | shape | activation | kernel penalty | bias penalty | activity penalty | ‖W‖₁ | ‖W‖₂ | max \\|w\\| | zeros | ‖b‖₂ |');
  out.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const d of m.layers) {
    let l1 = 0;
    let l2 = 0;
    let max = 0;
    for (const w of d.kernel) {
      l1 += Math.abs(w);
      l2 += w * w;
      max = Math.max(max, Math.abs(w));
    }
    const b2 = Math.sqrt(d.bias.reduce((s, b) => s + b * b, 0));
    out.push(
      `| ${d.name} | ${d.inputs}×${d.units} | ${d.activation} | ${penaltyText(d.kernelPenalty)} | ${penaltyText(d.biasPenalty)} | ${penaltyText(d.activityPenalty)} | ${fmt(l1)} | ${fmt(Math.sqrt(l2))} | ${fmt(max)} | ${d.kernel.filter((w) => w === 0).length} | ${fmt(b2)} |`,
    );
  }
  out.push('');
  if (m.isLinear) {
    const coef = linearCoefficients(m);
    out.push('## Coefficients', '', 'Also in coefficients.csv. Standardized: per standard deviation of the input; original: per unit of the input.', '');
    out.push('| output | input | standardized | original units |', '|---|---|---|---|');
    coef.outputs.forEach((o, k) => {
      out.push(`| ${cell(o)} | (intercept) | ${fmt(coef.intercept[k])} | ${fmt(coef.interceptOriginal[k])} |`);
      m.inputNames.forEach((name, j) => out.push(`| ${cell(o)} | ${cell(name)} | ${coef.standardized[j]![k] === 0 ? '0 (exact)' : fmt(coef.standardized[j]![k])} | ${fmt(coef.original[j]![k])} |`));
    });
    out.push('');
  }
  out.push('## The same model in Keras', '', 'This code builds the same architecture with the same regularizers (explicit λ values; `model.keras` / `model.h5` hold the trained weights):', '');
  out.push('```python', kerasCode(m), '```', '');
  out.push('## Files', '', ...c.files.map((f) => `- ${f}`), '');
  return out.join('\n');
}

/**
 * Which cell texts counted as missing (preprocessing.json `missingMarkers`): a user of the TF.js
 * or ONNX model must apply them before encoding, or a "-999" enters the model as a number and a
 * "None" category as a missing value.
 */
function markerLines(manifest: PrepManifest): string[] {
  const perColumn = exportedPreprocessing(manifest).missingMarkers.perColumn;
  const shown = (list: string[]) => list.map((m) => (m === '' ? '(empty)' : `\`${cell(m)}\``)).join(', ');
  const lines = [
    `Missing-value markers: a cell is missing when it is empty or its text (trimmed, any case) is a marker. Default markers: ${shown(DEFAULT_MISSING_MARKERS)}; \`none\` stays a category in a text column that holds other values.`,
  ];
  const listed = Object.entries(perColumn);
  if (listed.length === 0) return [...lines, '', 'Every column was read with the default markers.'];
  lines.push('', 'Columns read with their own markers (only these count as missing there; anything else, "None" included, is a value):', '');
  for (const [name, list] of listed) lines.push(`- ${cell(name)}: ${shown(list)}`);
  lines.push('', 'Outside Regula (TF.js, ONNX, Keras, Excel), turn these cells into missing values before step 1 of preprocessing.json; `regula predict` and `regula import-model` apply them.');
  return lines;
}
