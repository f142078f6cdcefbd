// The recent-projects list kept in the app's state folder (not in any project).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { RecentProject, SCHEMA_VERSION } from '../../shared/domain';
import { writeJsonAtomic } from '../engine/index';

const RecentFile = z.object({ schemaVersion: z.number().int(), projects: z.array(RecentProject) });
const MAX_RECENT = 12;

export async function readRecent(stateDir: string): Promise<RecentProject[]> {
  try {
    const parsed = RecentFile.safeParse(JSON.parse(await readFile(path.join(stateDir, 'recent-projects.json'), 'utf8')));
    if (!parsed.success) return [];
    const alive = await Promise.all(parsed.data.projects.map(async (p) => ((await isProject(p.path)) ? p : null)));
    return alive.filter((p): p is RecentProject => p !== null);
  } catch {
    return []; // no list yet, or an unreadable one: start afresh rather than refuse to start
  }
}

export async function rememberRecent(stateDir: string, project: { name: string; path: string }): Promise<void> {
  const current = (await readRecent(stateDir)).filter((p) => p.path !== project.path);
  const projects = [{ ...project, openedAt: new Date().toISOString() }, ...current].slice(0, MAX_RECENT);
  await writeJsonAtomic(path.join(stateDir, 'recent-projects.json'), { schemaVersion: SCHEMA_VERSION, projects });
}

export async function isProject(dir: string): Promise<boolean> {
  try {
    return (await stat(path.join(dir, 'project.json'))).isFile();
  } catch {
    return false;
  }
}
