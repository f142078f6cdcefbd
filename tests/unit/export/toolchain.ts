// Running the reference tools in their own processes: node scripts with only the target library,
// Debian's Python with h5py/NumPy/openpyxl, and LibreOffice headless to recalculate workbooks.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../helpers';

const exec = promisify(execFile);
export const toolsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tools');
export const PYTHON = '/usr/bin/python3';

export async function runNode(script: string, args: string[]): Promise<unknown> {
  const { stdout } = await exec(process.execPath, [path.join(toolsDir, script), ...args], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout);
}

export async function runPython(script: string, args: string[]): Promise<string> {
  const { stdout } = await exec(PYTHON, [path.join(toolsDir, script), ...args], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** Why a tool-dependent test cannot run here, or null when it can. */
export async function missingPythonModules(modules: string[]): Promise<string | null> {
  if (!existsSync(PYTHON)) return `${PYTHON} is not installed`;
  try {
    await exec(PYTHON, ['-c', `import ${modules.join(', ')}`]);
    return null;
  } catch {
    return `${PYTHON} lacks ${modules.join(' or ')} (Debian: python3-${modules.join(' python3-')})`;
  }
}

export function sofficePath(): string | null {
  for (const p of ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice']) if (existsSync(p)) return p;
  return null;
}

/**
 * Opens a workbook in LibreOffice headless and saves it again as .xlsx with every formula
 * recalculated. LibreOffice keeps the cached values of an .xlsx by default, so the run uses its own
 * profile with "recalculate on load: always" (OOXMLRecalcMode 0).
 */
export async function recalculateWithLibreOffice(file: string, workDir: string): Promise<string> {
  const soffice = sofficePath();
  if (!soffice) throw new Error('LibreOffice is not installed');
  const profile = path.join(workDir, 'lo-profile');
  await mkdir(path.join(profile, 'user'), { recursive: true });
  await writeFile(
    path.join(profile, 'user', 'registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`,
  );
  const outDir = path.join(workDir, 'recalculated');
  await mkdir(outDir, { recursive: true });
  await exec(soffice, [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'xlsx', '--outdir', outDir, file], { timeout: 180_000 });
  const out = path.join(outDir, path.basename(file));
  if (!existsSync(out)) throw new Error(`LibreOffice did not write ${out}`);
  return out;
}

/** |a − b| ≤ tol · max(1, |b|): absolute near zero, relative for large values. */
export function near(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
}
