// project.json: the project's name and the datasets it holds. Every JSON file we write carries a
// schema version so a newer Regula can migrate it and an older one can refuse it clearly.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { RegulaError } from '../errors';
import { assertWritable } from './projectLock';
import { readRecord, writeRecord } from './recordFile';

export const PROJECT_FILE = 'project.json';

export const ProjectFile = z.object({
  schemaVersion: z.number().int().min(1),
  name: z.string(),
  createdAt: z.string(),
  datasetIds: z.array(z.string()),
  note: z.string().optional(),
  tags: z.array(z.string()).optional(),
});
export type ProjectFile = z.infer<typeof ProjectFile>;

export async function readProjectFile(dir: string): Promise<ProjectFile> {
  const file = path.join(dir, PROJECT_FILE);
  try {
    await access(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new RegulaError('not-a-project', `${dir} is not a Regula project (no ${PROJECT_FILE}).`, { file });
    throw new RegulaError('unreadable-project', `Cannot read ${file}: ${(err as Error).message}`, { file });
  }
  return readRecord(file, ProjectFile, 'project');
}

export async function writeProjectFile(dir: string, project: ProjectFile): Promise<void> {
  assertWritable(dir);
  await writeRecord(path.join(dir, PROJECT_FILE), ProjectFile, project);
}
