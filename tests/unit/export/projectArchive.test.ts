// A project sent as one .regula.zip: everything comes back byte for byte and opens; archives that
// would write outside the destination, inflate absurdly or lack a project are refused, unwritten.
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createEngine, exportProjectArchive, importProjectArchive } from '../../../electron/engine/index';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import { engineFixture, snapshotTree, tempDir } from '../helpers';

describe('project archive', () => {
  it('exports a project and imports it elsewhere, identical and openable', async () => {
    const root = await tempDir('regula-archive-');
    const engine = createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' });
    const project = await engine.createProject(path.join(root, 'Study'), 'Study');
    await project.importDataset(engineFixture('linear.csv'));
    await project.importDataset(engineFixture('missing.csv'));
    const archive = path.join(root, 'study.regula.zip');
    const written = await exportProjectArchive(project.dir, archive); // works while the project is open
    await project.close();
    expect(written.files).toBeGreaterThan(3);

    const imported = await importProjectArchive(archive, path.join(root, 'Copy'));
    expect(imported.name).toBe('Study');
    expect(await snapshotTree(imported.dir)).toEqual(await snapshotTree(path.join(root, 'Study')));
    const reopened = await engine.openProject(imported.dir);
    expect(reopened.datasets().map((d) => d.sourceFile)).toEqual(['linear.csv', 'missing.csv']);
    await reopened.close();
    await expect(importProjectArchive(archive, path.join(root, 'Copy'))).rejects.toThrow(/already exists/);
  });

  it('refuses zip-slip, oversized entries and archives without a project, writing nothing', async () => {
    const root = await tempDir('regula-archive-bad-');
    const project = strToU8(JSON.stringify({ schemaVersion: 1, name: 'X', createdAt: new Date().toISOString(), datasetIds: [] }));
    const cases: [string, Record<string, Uint8Array>, RegExp][] = [
      ['parent', { 'project.json': project, '../evil.txt': strToU8('x') }, /unsafe path/],
      ['nested parent', { 'project.json': project, 'runs/../../evil.txt': strToU8('x') }, /unsafe path/],
      ['absolute', { 'project.json': project, '/tmp/evil.txt': strToU8('x') }, /unsafe path/],
      ['backslash', { 'project.json': project, '..\\evil.txt': strToU8('x') }, /unsafe path/],
      ['bomb', { 'project.json': project, 'datasets/big.bin': new Uint8Array(20 * 1024 * 1024) }, /refus|ratio|inflate|large/i],
      ['no project', { 'runs/a.json': strToU8('{}') }, /no project\.json/],
      ['not a project', { 'project.json': strToU8('{"hello":1}') }, /not a readable Regula project/],
    ];
    for (const [name, entries, message] of cases) {
      const file = path.join(root, `${name.replace(/ /g, '-')}.regula.zip`);
      await writeFile(file, zipSync(entries, { level: 9 }));
      await expect(importProjectArchive(file, path.join(root, `dest-${name.replace(/ /g, '-')}`)), name).rejects.toThrow(message);
    }
    expect((await readdir(root)).filter((n) => !n.endsWith('.regula.zip'))).toEqual([]);
    expect(existsSync(path.join(path.dirname(root), 'evil.txt'))).toBe(false);
    await expect(readFile('/tmp/evil.txt')).rejects.toThrow();
  });
});
