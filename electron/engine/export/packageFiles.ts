// Reads the files of an exported model package — a folder or a .zip — as untrusted input. The
// package's manifest.json is checked first (format, schema version, file names, sizes), then only
// the files it lists are read, each only if it is a plain file inside the package whose size and
// SHA-256 match. Names that could leave the package (.., absolute, backslash, drive, NUL, links)
// are refused before anything is opened; a zip is inflated through the zip guard (size and ratio
// caps) before any entry is used.
import { createHash } from 'node:crypto';
import { lstat, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { checkZip } from '../data/zipGuard';
import { RegulaError } from '../errors';
import { PACKAGE_FORMAT, PACKAGE_MANIFEST, PACKAGE_SCHEMA_VERSION } from './exportRun';

/** Larger than any model Regula trains (its loader refuses more than 2 GB of weights). */
const MAX_FILE_BYTES = 2 * 1024 ** 3;
const MAX_MANIFEST_BYTES = 1024 * 1024;
const MAX_FILES = 64;
const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/;

const PackageManifest = z.object({
  format: z.literal(PACKAGE_FORMAT),
  schemaVersion: z.number().int(),
  runId: z.string().max(200).optional(),
  task: z.string().max(40).optional(),
  files: z
    .array(z.object({ path: z.string().max(200), bytes: z.number().int().min(0).max(MAX_FILE_BYTES), sha256: z.string().regex(/^[0-9a-f]{64}$/) }))
    .max(MAX_FILES),
});
export type PackageManifest = z.infer<typeof PackageManifest>;

export interface PackageFiles {
  manifest: PackageManifest;
  files: Map<string, Uint8Array>;
}

/** A package-relative name that stays inside the package: at most one folder, plain characters. */
export function isSafePackageName(name: string): boolean {
  return SAFE_NAME.test(name) && !name.split('/').some((part) => part === '..' || part === '.');
}

function refuse(source: string, why: string): never {
  throw new RegulaError('bad-package', `${source} is not a usable Regula model package: ${why}.`, { file: source });
}

function parseManifest(source: string, bytes: Uint8Array | undefined): PackageManifest {
  if (!bytes) refuse(source, `${PACKAGE_MANIFEST} is missing`);
  if (bytes.byteLength > MAX_MANIFEST_BYTES) refuse(source, `${PACKAGE_MANIFEST} is implausibly large`);
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    refuse(source, `${PACKAGE_MANIFEST} is not valid JSON`);
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > PACKAGE_SCHEMA_VERSION) refuse(source, `it was written by a newer Regula (package schema ${version}; this version reads ${PACKAGE_SCHEMA_VERSION})`);
  const parsed = PackageManifest.safeParse(json);
  if (!parsed.success) refuse(source, `${PACKAGE_MANIFEST} is not a Regula package manifest (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})`);
  const seen = new Set<string>();
  for (const f of parsed.data.files) {
    if (!isSafePackageName(f.path) || f.path === PACKAGE_MANIFEST) refuse(source, `its manifest names a file outside the package or with an unsafe name (${JSON.stringify(f.path.slice(0, 80))})`);
    if (seen.has(f.path)) refuse(source, `its manifest lists ${f.path} twice`);
    seen.add(f.path);
  }
  return parsed.data;
}

function checkContent(source: string, manifest: PackageManifest, name: string, data: Uint8Array): void {
  const entry = manifest.files.find((f) => f.path === name)!;
  if (data.byteLength !== entry.bytes) refuse(source, `${name} holds ${data.byteLength} bytes but the manifest declares ${entry.bytes}`);
  if (createHash('sha256').update(data).digest('hex') !== entry.sha256) refuse(source, `${name} does not match its SHA-256 in the manifest (changed after export?)`);
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
