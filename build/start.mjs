#!/usr/bin/env node
// `npm start`: the desktop app when Electron can run here, browser mode when it cannot.
//
// The electron npm package is only a launcher; its binary comes from a postinstall download that
// our package.json `allowScripts` denies (it would fetch from the internet during install). So on a
// fresh checkout the binary may be missing: we try the download once, bounded, and otherwise start
// the same app in browser mode (`build/web.mjs`) with the same arguments, saying so plainly.
//
//   npm start [-- --browser] [-- <args for the app / browser mode>]
//   ELECTRON_SKIP_BINARY_DOWNLOAD=1  never try the download
//   REGULA_ELECTRON_DOWNLOAD_TIMEOUT_MS  bound for the download attempt (default 120000)
//   REGULA_START_SKIP_BUILD=1  launch the existing out/ build (tests, quick restarts)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const downloadTimeoutMs = Number(process.env.REGULA_ELECTRON_DOWNLOAD_TIMEOUT_MS) || 120_000;

const argv = process.argv.slice(2);
const forceBrowser = argv.includes('--browser');
const appArgs = argv.filter((arg) => arg !== '--browser');

/** The Electron executable, or why there is none. */
function findElectron() {
  try {
    // node_modules/electron/index.js exports the binary's path and throws when it was never
    // downloaded. A module that threw is not cached, so asking again after a download re-checks.
    const executable = require('electron');
    if (typeof executable === 'string' && existsSync(executable)) return { executable };
    return { reason: `the electron package points at ${String(executable)}, which does not exist` };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/Cannot find module 'electron'/.test(message)) return { reason: 'the electron package is not installed' };
    return { reason: 'its binary was never downloaded: npm install does not run its install script here' };
  }
}

function lastLine(text) {
  const lines = String(text ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  const line = lines.find((l) => /error|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|fetch failed|status/i.test(l)) ?? lines.at(-1) ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** One bounded attempt at electron's own download script; returns a sentence on failure. */
function tryDownload() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return 'ELECTRON_SKIP_BINARY_DOWNLOAD is set, so no download was tried';
  let installScript;
  try {
    installScript = require.resolve('electron/install.js');
  } catch {
    return 'electron/install.js is missing';
  }
  console.log(`Electron's binary is missing; trying to download it once (up to ${Math.round(downloadTimeoutMs / 1000)} s)…`);
  const result = spawnSync(process.execPath, [installScript], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: downloadTimeoutMs,
    killSignal: 'SIGKILL',
  });
  if (result.error?.code === 'ETIMEDOUT') return `a download attempt did not finish within ${Math.round(downloadTimeoutMs / 1000)} s`;
  if (result.error) return `a download attempt could not start: ${result.error.message}`;
  if (result.status !== 0) return `a download attempt failed: ${lastLine(result.stderr || result.stdout) || `exit code ${result.status}`}`;
  return null;
}

/** Runs a child with our stdio and ends this process with its exit code (signals are passed on). */
function runAndForward(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.on('error', (err) => {
    console.error(`Could not start ${command}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function startBrowserMode(reason) {
  if (reason) console.log(`Electron is not installed on this machine (${reason}); starting Regula in browser mode instead.`);
  else console.log('Starting Regula in browser mode (--browser).');
  runAndForward(process.execPath, [fileURLToPath(new URL('./web.mjs', import.meta.url)), ...appArgs]);
}

function startElectron(executable) {
  if (process.env.REGULA_START_SKIP_BUILD) {
    runAndForward(executable, ['.', ...appArgs]);
    return;
  }
  console.log('Building Regula for Electron…');
  const electronVite = fileURLToPath(new URL('../node_modules/electron-vite/bin/electron-vite.js', import.meta.url));
  const built = spawnSync(process.execPath, [electronVite, 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) {
    console.error('The Electron build failed; see the messages above.');
    process.exit(built.status ?? 1);
  }
  runAndForward(executable, ['.', ...appArgs]);
}

if (forceBrowser) {
  startBrowserMode(null);
} else {
  let found = findElectron();
  if (!found.executable) {
    const downloadFailure = tryDownload();
    const again = downloadFailure ? found : findElectron();
    if (again.executable) found = again;
    else found = { reason: [found.reason, downloadFailure ?? again.reason].filter(Boolean).join('; ') };
  }
  if (found.executable) startElectron(found.executable);
  else startBrowserMode(found.reason);
}
