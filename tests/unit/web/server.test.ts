// Browser mode's gate: loopback only, our origin only, the session token first, the contract always.
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebServer, type RunningWebServer } from '../../../electron/web/server';
import { unzipSync } from 'fflate';
import { encodeChunkFrame, labProtocols } from '../../../shared/wire';
import { tempDir } from '../helpers';

let server: RunningWebServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

let staticRoot = '';
async function start(): Promise<RunningWebServer> {
  const root = await tempDir();
  const staticDir = path.join(root, 'static');
  staticRoot = staticDir;
  await mkdir(staticDir);
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Regula</title>');
  server = await startWebServer({ projectsDir: path.join(root, 'projects'), stateDir: path.join(root, 'state'), staticDir, token: 'secret-token', version: 'test', backendPreference: 'wasm' });
  return server;
}

function connect(s: RunningWebServer, origin = `http://127.0.0.1:${s.port}`, token = 'secret-token'): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${s.port}/lab`, labProtocols(token), { origin });
}

function nextMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    ws.once('message', (d) => resolve(JSON.parse(d.toString())));
    ws.once('close', (code) => reject(new Error(`closed ${code}`)));
  });
}

async function ready(s: RunningWebServer): Promise<WebSocket> {
  const ws = connect(s);
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ type: 'hello', token: 'secret-token' }));
  expect(await nextMessage(ws)).toEqual({ type: 'ready' });
  return ws;
}

/** Sends a request and resolves with its reply (events that arrive meanwhile are skipped). */
async function request(ws: WebSocket, id: number, channel: string, payload: unknown) {
  ws.send(JSON.stringify({ type: 'request', id, channel, payload }));
  for (;;) {
    const message = await nextMessage(ws);
    if (message.type === 'event') continue;
    expect(message.id).toBe(id);
    return message.reply as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  }
}

/** The next message of a type (others, such as events, are skipped). */
async function nextOfType(ws: WebSocket, type: string): Promise<Record<string, unknown>> {
  for (;;) {
    const message = await nextMessage(ws);
    if (message.type === type) return message;
  }
}

async function nextEvent(ws: WebSocket, event: string): Promise<Record<string, unknown>> {
  for (;;) {
    const message = await nextOfType(ws, 'event');
    if (message.event === event) return message;
  }
}

let uploadRequestId = 10_000;
/** Sends a file as the page does: upload:begin, then binary chunks, each acknowledged. */
async function upload(ws: WebSocket, fileName: string, bytes: Buffer): Promise<string> {
  const begun = await request(ws, uploadRequestId++, 'upload:begin', { fileName, size: bytes.length });
  const { uploadId, chunkBytes } = begun.value as { uploadId: string; chunkBytes: number };
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    ws.send(encodeChunkFrame(uploadId, offset, bytes.subarray(offset, offset + chunkBytes)));
    const ack = await nextOfType(ws, 'chunk-ack');
    expect(ack.error).toBeUndefined();
  }
  return uploadId;
}

describe('browser-mode server', () => {
  it('serves the renderer on 127.0.0.1 and refuses paths outside it', async () => {
    const s = await start();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=secret-token$/);
    expect((await fetch(`http://127.0.0.1:${s.port}/`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${s.port}/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });

  it('refuses other origins and wrong tokens', async () => {
    const s = await start();
    const foreign = connect(s, 'http://evil.example');
    const refused = await new Promise<string>((resolve) => {
      foreign.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      foreign.on('error', (e) => resolve(e.message));
    });
    expect(refused).toMatch(/403/);

    const ws = connect(s);
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'hello', token: 'wrong' }));
    const code = await new Promise<number>((r) => ws.once('close', (c) => r(c)));
    expect(code).toBe(4001);

    const early = connect(s);
    await new Promise((r) => early.once('open', r));
    early.send(JSON.stringify({ type: 'request', id: 1, channel: 'app:info', payload: {} }));
    expect(await new Promise<number>((r) => early.once('close', (c) => r(c)))).toBe(4001);
  });

  it('proves the token in the handshake: without it or with a wrong one no socket opens, so nothing is read', async () => {
    const s = await start();
    const status = (ws: WebSocket) =>
      new Promise<string>((resolve) => {
        ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
        ws.on('open', () => resolve('open'));
        ws.on('error', (e) => resolve(e.message));
      });
    const origin = `http://127.0.0.1:${s.port}`;
    // A local process that knows the origin but not the token: refused before any frame.
    expect(await status(new WebSocket(`ws://127.0.0.1:${s.port}/lab`, { origin }))).toBe('401');
    expect(await status(connect(s, origin, 'wrong-token'))).toBe('401');
    expect(await status(new WebSocket(`ws://127.0.0.1:${s.port}/lab`, ['regula.token.secret-token'], { origin }))).toBe('401');
    // The right token: the server picks our protocol and never echoes the token back.
    const ws = connect(s);
    expect(await status(ws)).toBe('open');
    expect(ws.protocol).toBe('regula.lab.v1');
    ws.close();
  });

  it('answers contract requests and refuses unknown channels, bad payloads and untrusted paths', async () => {
    const s = await start();
    const ws = await ready(s);
    const info = await request(ws, 1, 'app:info', {});
    expect(info.ok).toBe(true);
    expect(info.value).toMatchObject({ mode: 'browser', canUseDialogs: false, backend: { name: 'wasm', native: false } });

    expect((await request(ws, 2, 'fs:readFile', { path: '/etc/passwd' })).error?.code).toBe('unknown-channel');
    expect((await request(ws, 3, 'project:create', { name: 42 })).error?.code).toBe('invalid-input');
    expect((await request(ws, 4, 'project:open', { path: '/etc' })).error?.code).toBe('path-not-allowed');

    const created = await request(ws, 5, 'project:create', { name: 'Churn study' });
    expect(created.ok).toBe(true);
    const recent = await request(ws, 6, 'project:recent', {});
    expect((recent.value as { name: string }[]).map((p) => p.name)).toContain('Churn study');
    const uploadId = await upload(ws, 'C:\\Users\\ana\\sales.csv', Buffer.from('x,y\n1,2\n2,4\n3,6.5\n4,8\n'));
    const imported = await request(ws, 7, 'dataset:import', { uploadId });
    expect(imported.ok).toBe(true);
    expect(imported.value).toMatchObject({ sourceFile: 'sales.csv', rows: 4 });
    ws.close();
  });

  it('reports import progress and cancels an import without adding a dataset', async () => {
    const s = await start();
    const ws = await ready(s);
    expect((await request(ws, 1, 'project:create', { name: 'Big' })).ok).toBe(true);
    const lines = ['a,b,c,d'];
    for (let i = 0; i < 400_000; i++) lines.push(`${i},${(i * 0.37) % 11},${i % 7},x${i % 13}`);
    const uploadId = await upload(ws, 'big.csv', Buffer.from(lines.join('\n')));

    const progress: number[] = [];
    const reply = new Promise<Record<string, unknown>>((resolve) => {
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString());
        if (m.type === 'event' && m.event === 'dataset:importProgress') {
          progress.push(m.payload.fraction);
          if (progress.length === 1) ws.send(JSON.stringify({ type: 'request', id: 3, channel: 'dataset:cancelImport', payload: {} }));
        }
        if (m.type === 'reply' && m.id === 2) resolve(m.reply);
      });
    });
    ws.send(JSON.stringify({ type: 'request', id: 2, channel: 'dataset:import', payload: { uploadId } }));
    const result = (await reply) as { ok: boolean; error?: { code: string; message: string } };
    expect(progress.length).toBeGreaterThan(0);
    expect(result.ok).toBe(false);
    expect(result.error?.message).toMatch(/big\.csv/);
    const summary = await request(ws, 4, 'project:recent', {});
    expect(summary.ok).toBe(true);
    const opened = await request(ws, 5, 'project:open', { path: (summary.value as { path: string }[])[0]!.path });
    expect((opened.value as { datasets: unknown[] }).datasets).toEqual([]);
    ws.close();
  });

  it('writes an upload to disk as its chunks arrive, refuses chunks out of order, and removes a cancelled one', async () => {
    const s = await start();
    const ws = await ready(s);
    const begun = await request(ws, 1, 'upload:begin', { fileName: 'x.csv', size: 10 });
    const { uploadId } = begun.value as { uploadId: string };
    ws.send(encodeChunkFrame(uploadId, 4, new Uint8Array(3)));
    const ack = await nextOfType(ws, 'chunk-ack');
    expect(ack).toMatchObject({ uploadId, error: { code: 'upload-order' } });
    // The failed upload is gone: its id is refused from now on.
    ws.send(encodeChunkFrame(uploadId, 0, new Uint8Array(3)));
    expect(await nextOfType(ws, 'chunk-ack')).toMatchObject({ uploadId, error: { code: 'unknown-upload' } });
    ws.close();
  });
});

describe('browser-mode server under hostile clients', () => {
  it('closes a connection that sends anything but a small hello first, and never reads a big frame', async () => {
    const s = await start();
    const ws = connect(s);
    await new Promise((r) => ws.once('open', r));
    ws.send(Buffer.alloc(2 * 1024 * 1024)); // past maxPayload: ws closes with 1009
    const code = await new Promise<number>((r) => ws.once('close', (c) => r(c)));
    expect([1009, 4001]).toContain(code);
  });

  it('answers malformed messages with errors and keeps the connection', async () => {
    const s = await start();
    const ws = await ready(s);
    ws.send(JSON.stringify({ type: 'request', id: 1.5, channel: 'app:info', payload: {} }));
    expect(await nextOfType(ws, 'refused')).toMatchObject({ error: { code: 'bad-message' } });
    ws.send(JSON.stringify({ type: 'request', id: 2, channel: 'x'.repeat(10_000), payload: {} }));
    expect(await nextOfType(ws, 'reply')).toMatchObject({ id: 2, reply: { ok: false, error: { code: 'bad-message' } } });
    ws.send(Buffer.from([1, 2, 3]));
    expect(await nextOfType(ws, 'refused')).toMatchObject({ error: { code: 'bad-message' } });
    ws.send('not json');
    expect(await nextOfType(ws, 'refused')).toMatchObject({ error: { code: 'bad-message' } });
    ws.send('['.repeat(100_000));
    expect(await nextOfType(ws, 'refused')).toMatchObject({ error: { code: 'message-too-deep' } });
    ws.send(JSON.stringify({ type: 'request', id: 3, channel: 'app:info', payload: { pad: 'x'.repeat(300_000) } }));
    expect(await nextOfType(ws, 'refused')).toMatchObject({ error: { code: 'message-too-large' } });
    // Still served.
    expect((await request(ws, 4, 'app:info', {})).ok).toBe(true);
    ws.close();
  });

  it('refuses requests whose Host is not ours (DNS rebinding), on HTTP and the WebSocket', async () => {
    const s = await start();
    const status = await new Promise<number>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port: s.port, path: '/', headers: { Host: 'evil.example:80' } }, (res) => resolve(res.statusCode ?? 0));
      req.end();
    });
    expect(status).toBe(421);
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}/lab`, labProtocols('secret-token'), { origin: `http://127.0.0.1:${s.port}`, headers: { Host: `evil.example:${s.port}` } });
    const refused = await new Promise<string>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.on('error', (e) => resolve(e.message));
    });
    expect(refused).toMatch(/403/);
  });

  it('does not follow a symlink out of the static folder', async () => {
    const s = await start();
    await symlink('/etc', path.join(staticRoot, 'linked'));
    expect((await fetch(`http://127.0.0.1:${s.port}/linked/hostname`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${s.port}/index.html`)).status).toBe(200);
  });

  it('saves predictions through a one-time download link, streamed from the project', async () => {
    const s = await start();
    const ws = await ready(s);
    expect((await request(ws, 1, 'project:create', { name: 'Predict' })).ok).toBe(true);
    const rows = ['x,y,note'];
    for (let i = 0; i < 60; i++) rows.push(`${i},${2 * i + 1},n${i}`);
    const imported = await request(ws, 2, 'dataset:import', { uploadId: await upload(ws, 'train.csv', Buffer.from(rows.join('\n'))) });
    const datasetId = (imported.value as { id: string }).id;
    const started = await request(ws, 3, 'run:start', { datasetId, target: 'y', features: ['x'], model: { kind: 'linear' }, epochs: 5 });
    const runId = (started.value as { runId: string }).runId;
    await nextEvent(ws, 'training:finished');
    const predicted = await request(ws, 4, 'run:predict', { runId, uploadId: await upload(ws, 'new.csv', Buffer.from('x,note\n100,=cmd()\n7,ok\n')) });
    expect(predicted.error).toBeUndefined();
    const result = predicted.value as { output: { outputId: string }; rows: number; preview: unknown[][] };
    expect(result.rows).toBe(2);
    const saved = await request(ws, 5, 'output:save', { outputId: result.output.outputId });
    const { downloadUrl } = saved.value as { downloadUrl: string };
    const first = await fetch(`http://127.0.0.1:${s.port}${downloadUrl}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-disposition')).toContain('new.predictions.csv');
    const text = await first.text();
    expect(text.split('\r\n')[0]).toBe('x,note,prediction');
    expect(Number(text.split('\r\n')[1]!.split(',')[2])).toBeCloseTo(201, 0);
    expect(text).toContain("'=cmd()"); // formula neutralized in the file
    expect((await fetch(`http://127.0.0.1:${s.port}${downloadUrl}`)).status).toBe(404); // one use only
    // The model leaves as one package through the same kind of link.
    const exported = await request(ws, 7, 'run:export', { runId, formats: ['tfjs', 'onnx', 'xlsx'] });
    expect(exported.error).toBeUndefined();
    const pkg = exported.value as { output: { outputId: string; fileName: string }; formats: string[] };
    expect(pkg.formats).toEqual(['tfjs', 'onnx', 'xlsx']);
    const link = (await request(ws, 8, 'output:save', { outputId: pkg.output.outputId })).value as { downloadUrl: string };
    const zip = unzipSync(new Uint8Array(await (await fetch(`http://127.0.0.1:${s.port}${link.downloadUrl}`)).arrayBuffer()));
    const names = Object.keys(zip);
    for (const expected of ['preprocessing.json', 'model-card.md', 'manifest.json']) expect(names).toContain(expected);
    expect(names.some((n) => n.endsWith('model.json'))).toBe(true);
    expect(names.some((n) => n.endsWith('.onnx'))).toBe(true);
    expect(names.some((n) => n.endsWith('.xlsx'))).toBe(true);
    expect(names.some((n) => n.endsWith('.keras'))).toBe(false);
    // Errors name the analyst's file, never the server's temporary copy.
    const refused = await request(ws, 9, 'run:predict', { runId, uploadId: await upload(ws, 'other.csv', Buffer.from('z\n1\n')) });
    expect(refused.error?.message).toContain('other.csv');
    expect(refused.error?.message).not.toMatch(/regula-upload|\/tmp\//);
    ws.close();
  }, 60_000);
});
