// The browser-mode half of bench/killLoop.ts: starts the built server (`node out/node/web.js`) as
// the leader of its own process group, speaks its WebSocket as the page does (token hello, contract
// requests, an upload in binary chunks) and starts a training run, a sweep or an import. The kill
// loop then `kill -9`s the whole group (server and training workers) at its random moment.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import WebSocket from 'ws';
import { encodeChunkFrame, labProtocols } from '../shared/wire';

export interface BrowserAttempt {
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Resolves when the started work has finished (the server itself keeps running). */
  done: Promise<string>;
}

const URL_LINE = /Regula is running at http:\/\/127\.0\.0\.1:(\d+)\/#token=(\S+)/;

export async function startBrowserAttempt(
  repoRoot: string,
  env: NodeJS.ProcessEnv,
  work: string,
  project: string,
  op: 'train' | 'sweep' | 'import',
  datasetId: string,
  importFile: string,
): Promise<BrowserAttempt> {
  const child = spawn(
    process.execPath,
    [path.join(repoRoot, 'out', 'node', 'web.js'), '--port', '0', '--projects-dir', path.join(work, 'projects'), '--state-dir', path.join(work, 'state'), '--no-open'],
    { env, detached: true, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let output = '';
  const [port, token] = await new Promise<[string, string]>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const m = URL_LINE.exec(output);
      if (m) resolve([m[1]!, m[2]!]);
    });
    void exited.then(() => reject(new Error(`server exited before listening: ${output}`)));
  });
  const ws = new WebSocket(`ws://127.0.0.1:${port}/lab`, labProtocols(token), { origin: `http://127.0.0.1:${port}` });
  ws.on('error', () => undefined); // the kill closes it under us
  await new Promise((r) => ws.once('open', r));
  const messages: Record<string, unknown>[] = [];
  const waiters: { resolve: () => void; reject: (err: Error) => void }[] = [];
  ws.on('message', (d, binary) => {
    if (binary) return;
    messages.push(JSON.parse(d.toString()));
    waiters.splice(0).forEach((w) => w.resolve());
  });
  let closed = false;
  ws.on('close', () => {
    closed = true;
    waiters.splice(0).forEach((w) => w.reject(new Error('connection closed')));
  });
  const next = async (match: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> => {
    for (;;) {
      const i = messages.findIndex(match);
      if (i >= 0) return messages.splice(i, 1)[0]!;
      if (closed) throw new Error('connection closed');
      await new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
    }
  };
  let id = 0;
  const request = async (channel: string, payload: unknown): Promise<unknown> => {
    const mine = ++id;
    ws.send(JSON.stringify({ type: 'request', id: mine, channel, payload }));
    const reply = (await next((m) => m.type === 'reply' && m.id === mine)).reply as { ok: boolean; value?: unknown; error?: { message: string } };
    if (!reply.ok) throw new Error(reply.error?.message);
    return reply.value;
  };
  ws.send(JSON.stringify({ type: 'hello', token }));
  await next((m) => m.type === 'ready');
  await request('project:openPath', { path: project });

  const base = { datasetId, target: 'y', features: ['a', 'b', 'noise'], epochs: 40 };
  const done = (async (): Promise<string> => {
    if (op === 'train') {
      const { runId } = (await request('run:start', { ...base, model: { kind: 'mlp', layers: [{ units: 8 }] } })) as { runId: string };
      await next((m) => m.event === 'training:finished' && (m.payload as { run: { id: string } }).run.id === runId);
      return 'finished';
    }
    if (op === 'sweep') {
      await request('sweep:start', { base: { ...base, epochs: 100 }, reg: 'l1', from: 1, to: 0.001, steps: 20 });
      await next((m) => m.event === 'sweep:finished');
      return 'finished';
    }
    const bytes = await readFile(importFile);
    const { uploadId, chunkBytes } = (await request('upload:begin', { fileName: path.basename(importFile), size: bytes.length })) as { uploadId: string; chunkBytes: number };
    for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
      ws.send(encodeChunkFrame(uploadId, offset, bytes.subarray(offset, offset + chunkBytes)));
      await next((m) => m.type === 'chunk-ack');
    }
    await request('dataset:import', { uploadId });
    return 'finished';
  })().catch((err: unknown) => `stopped (${(err as Error).message.slice(0, 40)})`);
  return { child, exited, done };
}
