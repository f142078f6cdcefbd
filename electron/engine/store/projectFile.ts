// project.json: the project's name and the datasets it holds. Every JSON file we write carries a
// schema version so a newer Regula can migrate it and an older one can refuse it clearly.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { SCHEMA_VERSION } from '../../../shared/domain';
import { RegulaError } from '../errors';
import { writeJsonAtomic } from './atomicFile';

export const PROJECT_FILE = 'project.json';

export const ProjectFile = z.object({
  schemaVersion: z.number().int(),
  name: z.string(),
  createdAt: z.string(),
  datasetIds: z.array(z.string()),
  note: z.string().optional(),
  tags: z.array(z.string()).optional(),
});
export type ProjectFile = z.infer<typeof ProjectFile>;

export async function readProjectFile(dir: string): Promise<ProjectFile> {
  const file = path.join(dir, PROJECT_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new RegulaError('not-a-project', `${dir} is not a Regula project (no ${PROJECT_FILE}).`, { file });
    throw new RegulaError('unreadable-project', `Cannot read ${file}: ${(err as Error).message}`, { file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RegulaError('corrupt-project', `${file} is not valid JSON; the project cannot be opened.`, { file });
  }
  const parsed = ProjectFile.safeParse(json);
  if (!parsed.success) throw new RegulaError('corrupt-project', `${file} is not a Regula project file.`, { file });
  if (parsed.data.schemaVersion > SCHEMA_VERSION) {
    throw new RegulaError(
      'newer-project',
      `${file} was written by a newer Regula (schema ${parsed.data.schemaVersion}); update Regula to open it.`,
      { file },
    );
  }
  return parsed.data;
}

export async function writeProjectFile(dir: string, project: ProjectFile): Promise<void> {
  await writeJsonAtomic(path.join(dir, PROJECT_FILE), project);
}
