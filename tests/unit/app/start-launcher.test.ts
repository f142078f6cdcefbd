// `npm start` (build/start.mjs) for real: with an Electron executable it launches it on the app and
// passes its exit code back; without one it says why and starts browser mode with the same args.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const root = process.cwd();
const startScript = path.join(root, 'build/start.mjs');

function electronBinaryPresent(): boolean {
  try {
    createRequire(import.meta.url)('electron');
    return true;
  } catch {
    return false;
  }
}

describe('npm start launcher', () => {
  it.skipIf(process.platform === 'win32')('launches the Electron executable on the app folder and forwards its exit code', () => {
    // electron's index.js honours ELECTRON_OVERRIDE_DIST_PATH, so a stand-in executable plays Electron.
    const dist = mkdtempSync(path.join(tmpdir(), 'regula-fake-electron-'));
    const record = path.join(dist, 'args.txt');
    writeFileSync(path.join(dist, 'electron'), `#!/bin/sh\nprintf '%s\\n' "$PWD" "$@" > '${record}'\nexit 3\n`);
    chmodSync(path.join(dist, 'electron'), 0o755);

    const result = spawnSync(process.execPath, [startScript, '--some-app-flag'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dist, REGULA_START_SKIP_BUILD: '1' },
      timeout: 30_000,
    });

    expect(result.status).toBe(3);
    expect(result.stdout).not.toContain('browser mode');
    const [cwd, ...args] = readFileSync(record, 'utf8').trim().split('\n');
    expect(path.resolve(cwd!)).toBe(path.resolve(root));
    expect(args).toEqual(['.', '--some-app-flag']);
  });

  it.skipIf(electronBinaryPresent())(
    'says why Electron cannot run and starts browser mode with the same arguments',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'regula-start-'));
      const child = spawn(
        process.execPath,
        [startScript, '--port', '0', '--projects-dir', path.join(dir, 'projects'), '--state-dir', path.join(dir, 'state')],
        { cwd: root, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`browser mode did not start; output so far:\n${output}`)), 90_000);
          child.stdout.on('data', (chunk: Buffer) => {
            output += chunk.toString();
            // Wait for the line after the URL too: both may arrive in separate chunks.
            if (/Regula is running at http:\/\/127\.0\.0\.1:\d+\//.test(output) && output.includes('Projects are created in')) {
              clearTimeout(timer);
              resolve();
            }
          });
          child.on('exit', (code) => reject(new Error(`start.mjs exited (${code}) before browser mode was up:\n${output}`)));
        });
      } finally {
        child.kill('SIGTERM');
      }
      expect(output).toContain('Electron is not installed on this machine (');
      expect(output).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD is set');
      expect(output).toContain('starting Regula in browser mode instead.');
      // The browser-mode server got our --projects-dir.
      expect(output).toContain(path.join(dir, 'projects'));
      const code = await new Promise<number | null>((resolve) => {
        if (child.exitCode !== null) resolve(child.exitCode);
        else child.on('exit', (c) => resolve(c));
      });
      expect(code, `start.mjs's exit code after SIGTERM; its output:\n${output}`).toBe(0);
    },
    120_000,
  );
});
