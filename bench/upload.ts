// A large CSV sent to browser mode as a page sends it: upload:begin, 1 MiB binary chunks (each
// acknowledged after the server wrote it to disk), then dataset:import. The server runs in its own
// process; its resident memory is sampled every 50 ms, so the table shows whether it ever held the
// file whole. A second upload is cancelled half-way, and the temp folder is checked to be empty.
//   npx tsx bench/upload.ts [--mb 300]
import { spawn } from 'node:child_process';
import { createWriteStream, statSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, readFile, rm } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { createLabClient } from '../shared/client';
import { labProtocols } from '../shared/wire';
import { createSocketTransport, type SocketLike } from '../renderer/src/transport/socketTransport';

const mbArg = process.argv.indexOf('--mb');
const targetMb = mbArg >= 0 ? Number(process.argv[mbArg + 1]) : 300;

async function writeCsv(file: string): Promise<number> {
  const out = createWriteStream(file);
  out.write(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'label'].join(',') + '\n');
  let rows = 0;
  let seed = 3;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  while (out.bytesWritten + out.writableLength < targetMb * 1024 * 1024) {
    const line = `${Array.from({ length: 8 }, () => (rand() * 1000).toFixed(4)).join(',')},k${rows % 7}\n`;
    if (!out.write(line)) await once(out, 'drain');
    rows++;
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

const root = await mkdtemp(path.join(os.tmpdir(), 'regula-bench-upload-'));
const file = path.join(root, 'big.csv');
const rows = await writeCsv(file);
const fileMb = statSync(file).size / 1024 / 1024;
const staticDir = path.join(root, 'static');
await mkdir(staticDir);
const uploadTemp = path.join(root, 'tmp');
await mkdir(uploadTemp);
const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), fileURLToPath(new URL('./webChild.ts', import.meta.url)), path.join(root, 'projects'), path.join(root, 'state'), staticDir], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, TMPDIR: uploadTemp },
});
const [portLine] = (await once(child.stdout!, 'data')) as [Buffer];
const port = Number(portLine.toString().trim());
let peak = 0;
const sampler = setInterval(() => void rssMb(child.pid!).then((mb) => (peak = Math.max(peak, mb))), 50);
const baseline = await rssMb(child.pid!);

const transport = createSocketTransport(() => new WebSocket(`ws://127.0.0.1:${port}/lab`, labProtocols('bench'), { origin: `http://127.0.0.1:${port}` }) as unknown as SocketLike, 'bench');
await transport.ready;
const lab = createLabClient(transport);
await lab.invoke('project:create', { name: 'Upload bench' });

// Node's Blob would hold the file in memory: read it as a file-backed blob of slices instead.
const handle = await open(file);
const size = statSync(file).size;
const fileBlob = {
  name: 'big.csv',
  size,
  slice: (start: number, end: number) => ({
    arrayBuffer: async () => {
      const buffer = Buffer.alloc(end - start);
      await handle.read(buffer, 0, end - start, start);
      return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
    },
  }),
} as unknown as Blob & { name: string };

let progressEvents = 0;
lab.on('dataset:importProgress', () => progressEvents++);
const started = performance.now();
const uploadId = await lab.upload(fileBlob);
const uploadSeconds = (performance.now() - started) / 1000;
const peakAfterUpload = peak;
const dataset = await lab.invoke('dataset:import', { uploadId });
const totalSeconds = (performance.now() - started) / 1000;
const tableMb = (dataset.rows * dataset.columns.length * 8) / 1024 / 1024;

// Cancel half-way: nothing may stay behind.
const controller = new AbortController();
const cancelled = await lab.upload(fileBlob, { signal: controller.signal, onProgress: (f) => f > 0.5 && controller.abort() }).then(
  () => 'not cancelled',
  (err: { detail?: { code?: string } }) => err.detail?.code ?? 'error',
);
await new Promise((r) => setTimeout(r, 200));
const leftovers = (await readdir(uploadTemp)).filter((n) => n.startsWith('regula-upload-'));

clearInterval(sampler);
await handle.close();
transport.close();
child.kill('SIGTERM');
await once(child, 'exit');
await rm(root, { recursive: true, force: true });

console.log(`Browser mode, ${fileMb.toFixed(0)} MB CSV (${rows.toLocaleString('en')} rows × 9), sent in 1 MiB chunks; load average ${os.loadavg()[0]!.toFixed(2)}`);
console.log('| upload | upload + import | server RSS before | peak during upload | peak overall | parsed table (8 B/cell) | import progress events | cancel half-way | upload files left |');
console.log('|---|---|---|---|---|---|---|---|---|');
console.log(
  `| ${uploadSeconds.toFixed(1)} s | ${totalSeconds.toFixed(1)} s | ${baseline.toFixed(0)} MB | ${peakAfterUpload.toFixed(0)} MB | ${peak.toFixed(0)} MB | ${tableMb.toFixed(0)} MB | ${progressEvents} | ${cancelled} | ${leftovers.length} |`,
);
console.log('Goal: the server never holds the file whole (peak during upload ≈ baseline), peak overall under 2× the parsed table.');
