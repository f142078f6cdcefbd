// A whole project as one `.regula.zip` to send to a colleague, and back. Export zips the project
// folder (not its lock or temporary files, never following links). Import treats the archive as
// untrusted: the zip guard caps inflated size and ratio, every entry name must be a plain relative
// path (no .., absolute, backslash, drive, control characters — zip-slip), project.json must be
// present and readable, and the project is unpacked into a temporary sibling and renamed, so the
// destination is a complete project or absent.
import { lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { zipSync } from 'fflate';
import { checkZip } from '../data/zipGuard';
import { RegulaError } from '../errors';
import { PROJECT_FILE, readProjectFile } from '../store/projectFile';
import { pathExists } from '../store/pathExists';

export const ARCHIVE_SUFFIX = '.regula.zip';
const MAX_ENTRIES = 100_000;
const MAX_DEPTH = 8;
/** Files that belong to one running instance, not to the project. */
const SKIP = (name: string) => name === '.regula.lock' || name.includes('.partial') || name.startsWith('.import-') || name.endsWith('.tmp');

/** A relative archive path that cannot leave the folder it is unpacked into. */
export function isSafeArchivePath(name: string): boolean {
  if (name.length === 0 || name.length > 400 || name.startsWith('/') || /[\\:]/.test(name)) return false;
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) < 0x20) return false; // NUL and control characters
  const parts = name.split('/');
  return parts.length <= MAX_DEPTH && parts.every((p) => p.length > 0 && p !== '.' && p !== '..');
}

export async function exportProjectArchive(projectDir: string, out: string): Promise<{ out: string; files: number; bytes: number }> {
  const root = path.resolve(projectDir);
  await readProjectFile(root);
  const target = path.resolve(out);
  if (!target.endsWith(ARCHIVE_SUFFIX)) throw new RegulaError('bad-output', `A project archive is named *${ARCHIVE_SUFFIX}; got ${path.basename(target)}.`, { file: target });
  if (await pathExists(target, { followLinks: false })) throw new RegulaError('output-exists', `${target} already exists; choose a new name (nothing was written).`, { file: target });
  const entries: Record<string, Uint8Array> = {};
  let bytes = 0;
  const walk = async (dir: string, rel: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      if (SKIP(name)) continue;
      const full = path.join(dir, name);
      const relative = rel ? `${rel}/${name}` : name;
      const st = await lstat(full);
      if (st.isSymbolicLink()) continue; // a link could point anywhere on this machine
      if (st.isDirectory()) await walk(full, relative);
      else if (st.isFile()) {
        if (!isSafeArchivePath(relative)) throw new RegulaError('bad-project', `${full} has a name that cannot go into an archive.`, { file: full });
        entries[relative] = new Uint8Array(await readFile(full));
        bytes += st.size;
      }
    }
  };
  await walk(root, '');
  const temp = `${target}.partial-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(temp, zipSync(entries, { level: 6 }));
    await rename(temp, target);
  } finally {
    await rm(temp, { force: true });
  }
  return { out: target, files: Object.keys(entries).length, bytes };
}

export async function importProjectArchive(archive: string, destination: string): Promise<{ dir: string; name: string; files: number }> {
  const source = path.resolve(archive);
  const dest = path.resolve(destination);
  if (await pathExists(dest, { followLinks: false })) throw new RegulaError('output-exists', `${dest} already exists; choose a new folder for the imported project (nothing was written).`, { file: dest });
  if (!(await pathExists(path.dirname(dest)))) throw new RegulaError('no-folder', `The folder ${path.dirname(dest)} does not exist.`, { file: path.dirname(dest) });
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(source));
  } catch {
    throw new RegulaError('file-not-found', `Project archive not found: ${source}`, { file: source });
  }
  const refuse = (why: string): never => {
    throw new RegulaError('bad-archive', `${source} is not a usable project archive: ${why}; nothing was written.`, { file: source });
  };
  const { entries, files, problem } = checkZip(bytes, (name) => isSafeArchivePath(name));
  if (problem) refuse(`the zip ${problem.message}`);
  if (entries.length > MAX_ENTRIES) refuse(`it holds more than ${MAX_ENTRIES} entries`);
  const seen = new Set<string>();
  for (const name of entries) {
    if (name.endsWith('/') && isSafeArchivePath(name.slice(0, -1))) continue;
    if (!isSafeArchivePath(name)) refuse(`it contains an entry with an unsafe path (${JSON.stringify(name.slice(0, 80))}), which could write outside the destination`);
    if (seen.has(name)) refuse(`it contains ${name} twice`);
    seen.add(name);
  }
  if (!files.has(PROJECT_FILE)) refuse(`it has no ${PROJECT_FILE} at its top level`);
  const temp = `${dest}.partial-${randomBytes(4).toString('hex')}`;
  try {
    await mkdir(temp);
    for (const [name, data] of files) {
      if (name.endsWith('/')) continue;
      const file = path.join(temp, ...name.split('/'));
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, data, { flag: 'wx' }); // never through an existing file or link
    }
    const project = await readProjectFile(temp).catch(() => refuse(`its ${PROJECT_FILE} is not a readable Regula project`));
    await rename(temp, dest);
    return { dir: dest, name: project.name, files: seen.size };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
