// Reads the files of an exported model package — a folder or a .zip — as untrusted input. The
// package's manifest.json is checked first (packageValidation.ts: format, schema version, file
// names, sizes), then only the files it lists are read, each only if it is a plain file inside
// the package whose size and SHA-256 match. Names that could leave the package (.., absolute,
// backslash, drive, NUL, links) are refused before anything is opened; a zip is inflated through
// the zip guard (size and ratio caps) before any entry is used.
import { lstat, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { checkZip } from '../data/zipGuard';
import { RegulaError } from '../errors';
import { PACKAGE_MANIFEST } from './exportRun';
import { checkContent, isSafePackageName, MAX_FILE_BYTES, MAX_MANIFEST_BYTES, parseManifest, refusePackage as refuse, type PackageManifest } from './packageValidation';

export { isSafePackageName, type PackageManifest };

export interface PackageFiles {
  manifest: PackageManifest;
  files: Map<string, Uint8Array>;
}

/** The listed files among `wanted` (all listed files when omitted), validated. */
export async function readPackageFiles(source: string, wanted?: string[]): Promise<PackageFiles> {
  const absolute = path.resolve(source);
  let info;
  try {
    info = await lstat(absolute);
  } catch {
    throw new RegulaError('file-not-found', `Model package not found: ${absolute}`, { file: absolute });
  }
  if (info.isSymbolicLink()) refuse(absolute, 'it is a symbolic link');
  return info.isDirectory() ? readFolder(absolute, wanted) : readZip(absolute, wanted);
}

async function readFolder(dir: string, wanted: string[] | undefined): Promise<PackageFiles> {
  const root = await realpath(dir);
  const readInside = async (name: string, maxBytes: number, declared?: number): Promise<Uint8Array | undefined> => {
    const file = path.join(root, ...name.split('/'));
    let st;
    try {
      st = await lstat(file);
    } catch {
      return undefined;
    }
    // A symlinked file or folder defeats a string prefix check: compare real paths.
    const real = await realpath(file);
    if (!st.isFile() || real !== file || !real.startsWith(root + path.sep)) refuse(dir, `${name} is not a plain file inside the package (links are refused)`);
    if (st.size > maxBytes) refuse(dir, `${name} is larger than allowed`);
    if (declared !== undefined && st.size !== declared) refuse(dir, `${name} holds ${st.size} bytes but the manifest declares ${declared}`);
    return new Uint8Array(await readFile(file));
  };
  const manifest = parseManifest(dir, await readInside(PACKAGE_MANIFEST, MAX_MANIFEST_BYTES));
  const files = new Map<string, Uint8Array>();
  for (const entry of manifest.files) {
    if (wanted && !wanted.includes(entry.path)) continue;
    const data = await readInside(entry.path, MAX_FILE_BYTES, entry.bytes);
    if (!data) refuse(dir, `${entry.path}, listed in its manifest, is missing`);
    checkContent(dir, manifest, entry.path, data);
    files.set(entry.path, data);
  }
  return { manifest, files };
}

async function readZip(file: string, wanted: string[] | undefined): Promise<PackageFiles> {
  const bytes = new Uint8Array(await readFile(file));
  // Names are checked before the guard inflates anything we keep; unsafe names refuse the whole zip.
  const { entries, files: inflated, problem } = checkZip(bytes, (name) => isSafePackageName(name));
  if (problem) refuse(file, `the zip ${problem.message}`);
  const seen = new Set<string>();
  for (const name of entries) {
    if (name.endsWith('/')) continue; // folder entries carry no data
    if (!isSafePackageName(name)) refuse(file, `it contains an entry with an unsafe path (${JSON.stringify(name.slice(0, 80))}), which could write outside the destination`);
    if (seen.has(name)) refuse(file, `it contains ${name} twice`);
    seen.add(name);
  }
  const manifest = parseManifest(file, inflated.get(PACKAGE_MANIFEST));
  const files = new Map<string, Uint8Array>();
  for (const entry of manifest.files) {
    if (wanted && !wanted.includes(entry.path)) continue;
    const data = inflated.get(entry.path);
    if (!data) refuse(file, `${entry.path}, listed in its manifest, is missing`);
    checkContent(file, manifest, entry.path, data);
    files.set(entry.path, data);
  }
  return { manifest, files };
}
