// The app's version as package.json states it (CLI --version, browser mode's app:info).
import { readFile } from 'node:fs/promises';

export async function readPackageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
