// Files as bytes: the page's typed client sends a file in bounded chunks through a host session,
// the host writes them to disk as they arrive, and a stopped or broken upload leaves nothing.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLabClient, type Transport } from '../../../shared/client';
import { CHUNK_BYTES } from '../../../shared/wire';
import { createEngineHost, type EngineHost } from '../../../electron/app/engineHost';
import { openSession } from '../../../electron/app/session';
import { launchNodeWorker } from '../../../electron/engine/index';
import { tempDir } from '../helpers';

let host: EngineHost | undefined;
afterEach(async () => {
  await host?.dispose();
  host = undefined;
});

/** A transport straight into a host session, recording the size of every chunk it carries. */
async function connected() {
  const root = await tempDir();
  const uploadDir = path.join(root, 'uploads');
  await import('node:fs/promises').then((fs) => fs.mkdir(uploadDir));
  host = createEngineHost({
    host: { mode: 'browser', projectsHome: path.join(root, 'projects'), stateDir: path.join(root, 'state') },
    launchWorker: launchNodeWorker,
    version: 'test',
    backendPreference: 'wasm',
    uploadDir,
  });
  const chunkSizes: number[] = [];
  const acks = new Map<string, (ack: unknown) => void>();
  const session = openSession(host, (message) => {
    if (message.type === 'chunk-ack') acks.get(message.uploadId)?.(message);
  });
  const transport: Transport = {
    request: (channel, payload) => host!.dispatch(channel, payload),
    subscribe: () => () => {},
    sendChunk: (uploadId, offset, bytes) =>
      new Promise((resolve) => {
        chunkSizes.push(bytes.byteLength);
        acks.set(uploadId, resolve);
        session.receiveChunk({ type: 'chunk', uploadId, offset, bytes: new Uint8Array(bytes) });
      }),
  };
  return { lab: createLabClient(transport), chunkSizes, uploadDir, engineHost: host };
}

describe('uploads', () => {
  it('sends a file in chunks no bigger than the limit and the host writes exactly its bytes', async () => {
    const { lab, chunkSizes, engineHost } = await connected();
    const bytes = new Uint8Array(2 * CHUNK_BYTES + 12_345).map((_, i) => (i * 131 + 7) % 256);
    const progress: number[] = [];
    const uploadId = await lab.upload(Object.assign(new Blob([bytes]), { name: 'C:\\Users\\ana\\data.bin' }), { onProgress: (f) => progress.push(f) });
    expect(chunkSizes).toEqual([CHUNK_BYTES, CHUNK_BYTES, 12_345]);
    expect(progress.at(-1)).toBe(1);
    const finished = await engineHost.uploads.take(uploadId);
    expect(path.basename(finished.file)).toBe('data.bin');
    expect(Buffer.compare(await readFile(finished.file), Buffer.from(bytes))).toBe(0);
    await finished.discard();
  });

  it('removes everything when the analyst stops an upload half-way', async () => {
    const { lab, uploadDir } = await connected();
    const controller = new AbortController();
    const blob = Object.assign(new Blob([new Uint8Array(4 * CHUNK_BYTES)]), { name: 'big.csv' });
    const sending = lab.upload(blob, { onProgress: (f) => f >= 0.5 && controller.abort(), signal: controller.signal });
    await expect(sending).rejects.toMatchObject({ detail: { code: 'cancelled' } });
    // No waiting: the stop is reported only after the host removed the partial file.
    expect(await readdir(uploadDir)).toEqual([]);
  });

  it('refuses more bytes than announced, and an incomplete upload cannot be imported', async () => {
    const { lab, engineHost } = await connected();
    await lab.invoke('project:create', { name: 'Uploads' });
    const { uploadId } = await lab.invoke('upload:begin', { fileName: 'x.csv', size: 4 });
    await expect(engineHost.uploads.write(uploadId, 0, new Uint8Array(8))).rejects.toMatchObject({ code: 'upload-size' });
    const { uploadId: partial } = await lab.invoke('upload:begin', { fileName: 'y.csv', size: 10 });
    await engineHost.uploads.write(partial, 0, new Uint8Array([97, 10, 49]));
    await expect(lab.invoke('dataset:import', { uploadId: partial })).rejects.toMatchObject({ detail: { code: 'upload-incomplete', file: 'y.csv' } });
  });
});
