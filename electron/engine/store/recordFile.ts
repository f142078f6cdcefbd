// Reading and writing one versioned JSON record (run.json, dataset.json, sweep.json, project.json).
// Reading refuses what this Regula cannot read — a newer schema, a truncated or corrupt file —
// with a message naming the file. Writing checks the record against the same schema the reader
// uses, after the JSON round trip, so a value JSON cannot hold (Infinity, NaN → null) never makes a
// record that the app itself would refuse to open again.
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { SCHEMA_VERSION } from '../../../shared/domain';
import { RegulaError } from '../errors';
import { writeFileAtomic } from './atomicFile';

export interface RecordProblem {
  file: string;
  code: string;
  message: string;
}

export async function readRecord<S extends z.ZodType>(file: string, schema: S, what: string): Promise<z.infer<S>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new RegulaError('missing-record', `${file} is missing: this ${what} cannot be read.`, { file });
    throw new RegulaError('unreadable-record', `Cannot read ${file}: ${(err as Error).message}`, { file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // SyntaxError, the only error JSON.parse raises on a string: a torn or damaged record.
    throw new RegulaError('corrupt-record', `${file} is not valid JSON (${text.length === 0 ? 'empty' : 'truncated or damaged'}); this ${what} cannot be read.`, { file });
  }
  checkVersion(json, file, what);
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new RegulaError('corrupt-record', `${file} is not a readable ${what} record (${describeIssue(parsed.error)}).`, { file });
  return parsed.data;
}

/** A record from a newer Regula is refused rather than misread; one with no sane version is damaged. */
export function checkVersion(json: unknown, file: string, what: string): void {
  const version = json && typeof json === 'object' ? (json as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new RegulaError('corrupt-record', `${file} has no valid schema version (${JSON.stringify(version) ?? 'none'}); this ${what} cannot be read.`, { file });
  }
  if (version > SCHEMA_VERSION) {
    throw new RegulaError('newer-record', `${file} was written by a newer Regula (schema ${version}; this one reads up to ${SCHEMA_VERSION}); update Regula to open this ${what}.`, { file });
  }
}

export async function writeRecord<S extends z.ZodType>(file: string, schema: S, record: z.infer<S>): Promise<void> {
  const text = JSON.stringify(record, null, 2) + '\n';
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new RegulaError('invalid-record', `Refusing to write ${file}: ${describeIssue(parsed.error)}; nothing was written (an earlier version of the file, if any, is kept).`, { file });
  }
  await writeFileAtomic(file, text);
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unknown problem';
  return `${issue.path.length ? issue.path.join('.') + ': ' : ''}${issue.message}`;
}
