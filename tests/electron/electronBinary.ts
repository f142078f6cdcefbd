// Whether the Electron executable exists here, and if not, why (node_modules/electron/index.js
// throws when its binary was never downloaded).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export type ElectronBinary = { executable: string } | { missing: string };

export function electronBinary(): ElectronBinary {
  try {
    const executable = createRequire(import.meta.url)('electron') as unknown;
    if (typeof executable === 'string' && existsSync(executable)) return { executable };
    return { missing: `the electron package points at ${String(executable)}, which does not exist` };
  } catch (err) {
    return { missing: (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'unknown reason' };
  }
}
