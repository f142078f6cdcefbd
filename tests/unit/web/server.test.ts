// Browser mode's gate: loopback only, our origin only, the session token first, the contract always.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebServer, type RunningWebServer } from '../../../electron/web/server';
import { tempDir } from '../helpers';

let server: RunningWebServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(): Promise<RunningWebServer> {
  const root = await tempDir();
  const staticDir = path.join(root, 'static');
  await mkdir(staticDir);
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Regula</title>');
  server = await startWebServer({ projectsDir: path.join(root, 'projects'), stateDir: path.join(root, 'state'), staticDir, token: 'secret-token', version: 'test', backendPreference: 'wasm' });
  return server;
}

function connect(s: RunningWebServer, origin = `http://127.0.0.1:${s.port}`): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${s.port}/lab`, { origin });
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
    const csv = Buffer.from('x,y\n1,2\n2,4\n3,6.5\n4,8\n').toString('base64');
    const imported = await request(ws, 7, 'dataset:import', { fileName: 'C:\\Users\\ana\\sales.csv', dataBase64: csv });
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
    const dataBase64 = Buffer.from(lines.join('\n')).toString('base64');

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
    ws.send(JSON.stringify({ type: 'request', id: 2, channel: 'dataset:import', payload: { fileName: 'big.csv', dataBase64 } }));
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

  it('cancels an import whose upload is still being written, before any parsing', async () => {
    const s = await start();
    const ws = await ready(s);
    expect((await request(ws, 1, 'project:create', { name: 'Early' })).ok).toBe(true);
    const dataBase64 = Buffer.from('a,b\n' + '1,2\n'.repeat(200_000)).toString('base64');
    const reply = new Promise<{ ok: boolean; error?: { code: string } }>((resolve) => {
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString());
        if (m.type === 'reply' && m.id === 2) resolve(m.reply);
      });
    });
    ws.send(JSON.stringify({ type: 'request', id: 2, channel: 'dataset:import', payload: { fileName: 'early.csv', dataBase64 } }));
    ws.send(JSON.stringify({ type: 'request', id: 3, channel: 'dataset:cancelImport', payload: {} }));
    expect(await reply).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    const recent = await request(ws, 4, 'project:recent', {});
    const opened = await request(ws, 5, 'project:open', { path: (recent.value as { path: string }[])[0]!.path });
    expect((opened.value as { datasets: unknown[] }).datasets).toEqual([]);
    ws.close();
  });
});
