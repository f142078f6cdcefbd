// runs/<id>/checkpoint.bin: a training run's state at the end of an epoch, so an interrupted run
// can be resumed instead of trained again. ONE file, written with the store's atomic writer, so a
// kill during a save leaves the previous checkpoint or the new one, never a mix of two epochs.
// Layout: "RGCK", a uint32 (little-endian) header length, the JSON header, padding to 4 bytes,
// then the float32 arrays the header lists, in order. The header carries the epochs' metrics up to
// the checkpoint, so resuming rewrites metrics.jsonl to exactly those lines: no duplicate epochs
// after it and no gap when the parent died before appending the checkpoint's own epoch.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { EpochMetrics } from '../../../shared/domain';
import { RegulaError } from '../errors';
import type { LoopCheckpoint } from '../train/types';
import { writeFileAtomic } from './atomicFile';
import { runDir } from './runStore';

export const CHECKPOINT_FILE = 'checkpoint.bin';
/** Bump on any change to the layout or the header. */
export const CHECKPOINT_VERSION = 1;
const MAGIC = 'RGCK';

const ArrayName = z.enum(['theta', 'first', 'second', 'best']);
export const CheckpointHeader = z.object({
  schemaVersion: z.number().int(),
  runId: z.string(),
  epoch: z.number().int().min(1),
  savedAt: z.string(),
  randomState: z.number().int().min(0).max(0xffffffff),
  optimizerStep: z.number().int().min(0),
  wait: z.number().int().min(0),
  startLoss: z.number().optional(),
  best: z.object({ loss: z.number(), epoch: z.number().int() }).optional(),
  arrays: z.array(z.object({ name: ArrayName, length: z.number().int().min(0) })),
  epochs: z.array(EpochMetrics),
});
export type CheckpointHeader = z.infer<typeof CheckpointHeader>;

export function checkpointPath(projectDir: string, runId: string): string {
  return path.join(runDir(projectDir, runId), CHECKPOINT_FILE);
}

export async function writeCheckpoint(projectDir: string, runId: string, state: LoopCheckpoint, epochs: EpochMetrics[]): Promise<void> {
  const arrays: { name: z.infer<typeof ArrayName>; values: Float32Array }[] = [{ name: 'theta', values: state.theta }];
  if (state.optimizer.first) arrays.push({ name: 'first', values: state.optimizer.first });
  if (state.optimizer.second) arrays.push({ name: 'second', values: state.optimizer.second });
  if (state.best) arrays.push({ name: 'best', values: state.best.theta });
  const header: CheckpointHeader = {
    schemaVersion: CHECKPOINT_VERSION,
    runId,
    epoch: state.epoch,
    savedAt: new Date().toISOString(),
    randomState: state.randomState,
    optimizerStep: state.optimizer.step,
    wait: state.wait,
    ...(state.startLoss !== undefined ? { startLoss: state.startLoss } : {}),
    ...(state.best ? { best: { loss: state.best.loss, epoch: state.best.epoch } } : {}),
    arrays: arrays.map((a) => ({ name: a.name, length: a.values.length })),
    epochs: epochs.filter((e) => e.epoch <= state.epoch),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const start = align4(8 + headerBytes.length);
  const out = Buffer.alloc(start + arrays.reduce((n, a) => n + a.values.byteLength, 0));
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(headerBytes.length, 4);
  headerBytes.copy(out, 8);
  let at = start;
  for (const { values } of arrays) {
    // Float32Array bytes are in the machine's order; every platform Regula runs on is little-endian.
    out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), at);
    at += values.byteLength;
  }
  await writeFileAtomic(checkpointPath(projectDir, runId), out);
}

export interface Checkpoint {
  header: CheckpointHeader;
  state: LoopCheckpoint;
}

/** The run's checkpoint, or null when it has none; a damaged or newer one is refused by name. */
export async function readCheckpoint(projectDir: string, runId: string): Promise<Checkpoint | null> {
  const file = checkpointPath(projectDir, runId);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null; // never saved one
    throw new RegulaError('unreadable-record', `Cannot read ${file}: ${(err as Error).message}`, { file });
  }
  const damaged = (why: string): RegulaError =>
    new RegulaError('corrupt-record', `${file} is not a readable checkpoint (${why}); use Retry to train the run again.`, { file });
  if (bytes.length < 8 || bytes.toString('latin1', 0, 4) !== MAGIC) throw damaged('wrong signature');
  const headerLength = bytes.readUInt32LE(4);
  if (8 + headerLength > bytes.length) throw damaged('truncated header');
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8', 8, 8 + headerLength));
  } catch {
    throw damaged('header is not JSON'); // SyntaxError: the only error JSON.parse raises on a string
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > CHECKPOINT_VERSION) {
    throw new RegulaError('newer-record', `${file} was written by a newer Regula (checkpoint version ${version}; this one reads up to ${CHECKPOINT_VERSION}).`, { file });
  }
  const parsed = CheckpointHeader.safeParse(json);
  if (!parsed.success) throw damaged(parsed.error.issues[0]?.message ?? 'bad header');
  const header = parsed.data;
  if (header.runId !== runId) throw damaged(`it belongs to run ${header.runId}`);
  const start = align4(8 + headerLength);
  const total = header.arrays.reduce((n, a) => n + a.length * 4, 0);
  if (start + total !== bytes.length) throw damaged(`${bytes.length} bytes where the header describes ${start + total}`);
  const arrays = new Map<string, Float32Array>();
  let at = start;
  for (const { name, length } of header.arrays) {
    // A copy: the file buffer's offset need not be aligned for a Float32Array view.
    arrays.set(name, new Float32Array(bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + length * 4)));
    at += length * 4;
  }
  const theta = arrays.get('theta');
  if (!theta) throw damaged('no weights');
  const bestTheta = arrays.get('best');
  if (header.best && !bestTheta) throw damaged('early-stopping weights missing');
  return {
    header,
    state: {
      epoch: header.epoch,
      theta,
      optimizer: { step: header.optimizerStep, first: arrays.get('first') ?? null, second: arrays.get('second') ?? null },
      randomState: header.randomState,
      wait: header.wait,
      ...(header.best && bestTheta ? { best: { ...header.best, theta: bestTheta } } : {}),
      ...(header.startLoss !== undefined ? { startLoss: header.startLoss } : {}),
    },
  };
}

/** A completed run needs no checkpoint; an absent one is fine. */
export async function removeCheckpoint(projectDir: string, runId: string): Promise<void> {
  await rm(checkpointPath(projectDir, runId), { force: true });
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
