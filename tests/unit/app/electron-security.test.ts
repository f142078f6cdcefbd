// Runs build/check-electron-security.mjs the way CI does. It must pass on our sources, and it must
// fail when pointed at the deliberately insecure sample — otherwise a broken checker (one that
// parses nothing and reports nothing) would look exactly like a secure app.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = process.cwd();
const script = path.join(root, 'build/check-electron-security.mjs');

function runCheck(args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', timeout: 90_000 });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe('Electron security check', () => {
  it('passes on electron/ and the page CSP, and proves it is alive on the bad sample', () => {
    const { status, output } = runCheck([]);
    expect(output).toContain('Electron security check of electron/\n  no findings');
    expect(output).toMatch(/all \d+ expected problems were flagged/);
    expect(status, output).toBe(0);
  }, 90_000);

  it('fails on the deliberately insecure sample, naming what is wrong', () => {
    const { status, output } = runCheck(['--target', 'tests/security/bad-sample']);
    expect(status).toBe(1);
    for (const id of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'INSECURE_WEBPREFERENCE_NODEINTEGRATION', 'CSP_GLOBAL_CHECK']) {
      expect(output).toContain(id);
    }
    expect(output).toContain('Electron security check FAILED.');
  }, 90_000);
});
