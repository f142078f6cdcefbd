// The installed `regula` command as a test runs it: a real process on the wasm backend, with its
// exit code, stdout and stderr, whether it succeeded or not.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../helpers';

const exec = promisify(execFile);
export const regulaBin = path.join(repoRoot, 'bin', 'regula.mjs');

export async function regula(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [regulaBin, ...args], { env: { ...process.env, REGULA_BACKEND: 'wasm' }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
