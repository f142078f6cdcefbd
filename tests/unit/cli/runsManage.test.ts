// `regula runs` as a script uses it to keep a project tidy: rename, note, tag, delete and restore
// a run, each with --json, in a real process on a real project.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineFixture, tempDir } from '../helpers';
import { regula } from './runCli';

describe('regula runs: managing runs', () => {
  it('renames, notes, tags, deletes and restores a run with --json', async () => {
    const project = path.join(await tempDir(), 'proj');
    const trained = await regula(['train', engineFixture('linear.csv'), '--target', 'y', '--features', 'a,b', '--project', project, '--quiet', '--json']);
    expect(trained.code).toBe(0);
    const id = JSON.parse(trained.stdout).runId as string;
    const runJson = async () => JSON.parse(await readFile(path.join(project, 'runs', id, 'run.json'), 'utf8'));

    const renamed = await regula(['runs', '--project', project, '--rename', id, '--name', 'Baseline', '--json']);
    expect(renamed.code).toBe(0);
    expect(JSON.parse(renamed.stdout)).toMatchObject({ project, item: { kind: 'run', id, name: 'Baseline', tags: [] } });

    const noted = await regula(['runs', '--project', project, '--note', id, '--text', 'no penalty, two features', '--json']);
    expect(JSON.parse(noted.stdout).item.note).toBe('no penalty, two features');
    await regula(['runs', '--project', project, '--tag', id, '--tag-name', 'keep', '--json']);
    const tagged = await regula(['runs', '--project', project, '--tag', id, '--tag-name', 'baseline', '--json']);
    expect(JSON.parse(tagged.stdout).item.tags).toEqual(['keep', 'baseline']);
    expect(await runJson()).toMatchObject({ name: 'Baseline', note: 'no penalty, two features', tags: ['keep', 'baseline'] });

    // The listing keeps its keys and shows the changes.
    const listed = JSON.parse((await regula(['runs', '--project', project, '--json'])).stdout);
    expect(Object.keys(listed)).toEqual(['project', 'name', 'runs']);
    expect(listed.runs[0]).toMatchObject({ id, name: 'Baseline', tags: ['keep', 'baseline'] });

    const deleted = await regula(['runs', '--project', project, '--delete', id, '--json']);
    expect(deleted.code).toBe(0);
    const entry = JSON.parse(deleted.stdout).deleted;
    expect(entry.items).toEqual([{ kind: 'run', id, name: 'Baseline' }]);
    expect(await readdir(path.join(project, 'runs'))).toEqual([]);
    expect(JSON.parse((await regula(['runs', '--project', project, '--json'])).stdout).runs).toEqual([]);

    const restored = await regula(['runs', '--project', project, '--restore', entry.trashId, '--json']);
    expect(restored.code).toBe(0);
    expect(JSON.parse(restored.stdout).restored.items).toEqual(entry.items);
    expect((await runJson()).name).toBe('Baseline');
  }, 120_000);

  it('says what is wrong with a bad id or a missing companion flag, and changes nothing', async () => {
    const project = path.join(await tempDir(), 'proj');
    await regula(['train', engineFixture('linear.csv'), '--target', 'y', '--features', 'a', '--project', project, '--quiet', '--json']);
    const unknown = await regula(['runs', '--project', project, '--delete', 'r-nope', '--json']);
    expect(unknown.code).not.toBe(0);
    expect(JSON.parse(unknown.stderr).error.code).toBe('unknown-run');
    const noName = await regula(['runs', '--project', project, '--rename', 'r-x']);
    expect(noName.code).not.toBe(0);
    expect(noName.stderr).toContain('--name');
    const notAnId = await regula(['runs', '--project', project, '--tag', 'zzz', '--tag-name', 'x', '--json']);
    expect(JSON.parse(notAnId.stderr).error.message).toContain('r-, s- or d-');
  }, 120_000);
});
