// What can be checked about installers without downloading Electron: the electron-builder config is
// valid for the installed electron-builder, and the files it must unpack from app.asar exist.
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = process.cwd();
const configPath = path.join(root, 'build/electron-builder.yml');

interface BuilderConfig {
  appId?: string;
  productName?: string;
  asarUnpack?: string[];
  electronVersion?: string;
  [key: string]: unknown;
}

async function loadBuilderConfig(): Promise<BuilderConfig> {
  // app-builder-lib is electron-builder's own engine; these are the functions `electron-builder`
  // calls before it builds anything.
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
    getConfig(dir: string, file: string, extra: null): Promise<BuilderConfig>;
    validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  const config = await getConfig(root, configPath, null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema validation', async () => {
    const config = await loadBuilderConfig();
    expect(config.productName).toBe('Regula');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
  });

  it('pins the same Electron version the project installs', async () => {
    const config = await loadBuilderConfig();
    const installed = (JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
    expect(config.electronVersion).toBe(installed);
  });

  it('unpacks the tfjs wasm binaries the training worker loads by path', async () => {
    const config = await loadBuilderConfig();
    const wasmPattern = (config.asarUnpack ?? []).find((p) => p.includes('tfjs-backend-wasm'));
    expect(wasmPattern).toBeDefined();
    const dir = path.join(root, path.dirname(wasmPattern!));
    const wasmFiles = readdirSync(dir).filter((f) => f.endsWith('.wasm'));
    expect(wasmFiles.length).toBeGreaterThan(0);
  });

  it('ships the packages the main bundle leaves external as production dependencies', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    // electron-builder copies only production (and optional) dependencies into the app.
    for (const name of ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'zod']) expect(pkg.dependencies[name]).toBeDefined();
    expect(pkg.optionalDependencies?.['@tensorflow/tfjs-node'] ?? pkg.dependencies['@tensorflow/tfjs-node']).toBeDefined();
  });
});
