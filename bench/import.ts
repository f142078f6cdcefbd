// Import speed and memory: a generated 1,000,000 × 22 CSV (20 numeric, 2 text columns) and a
// 100,000-row XLSX, read by Regula and — when Debian's python is present — by pandas.read_csv and
// openpyxl (read-only), each in its own process so peak RSS is that reader's alone.
//   npx tsx bench/import.ts [--rows 1000000] [--xlsx-rows 100000] [--repeat 1]
// Prints a markdown table (paste it into the README) and the issue's goals as met / not met. Wall
// time depends on what else the machine runs, so CPU time and the load average are printed too;
// with --repeat N every reader runs N times, interleaved, and its fastest run is reported.
// Files are written to a temp folder and deleted afterwards; nothing is committed.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { importTable } from '../electron/engine/data/importTable';

const PYTHON = '/usr/bin/python3';
const here = fileURLToPath(import.meta.url);

interface Measure {
  seconds: number;
  /** User + system CPU seconds of the read (the worker thread's included for Regula). */
  cpuSeconds: number;
  maxRssMb: number;
  rows: number;
}

async function measureSelf(file: string): Promise<void> {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const { table } = await importTable(file);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMb, rows: table.rowCount } satisfies Measure));
}

const PANDAS = `
import json, resource, sys, time
import pandas as pd
t = time.perf_counter(); c = time.process_time(); df = pd.read_csv(sys.argv[1]); s = time.perf_counter() - t
print(json.dumps({"seconds": s, "cpuSeconds": time.process_time() - c, "maxRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rows": len(df)}))
`;
const OPENPYXL = `
import json, resource, sys, time
import openpyxl
t = time.perf_counter(); c = time.process_time()
wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
rows = [r for r in wb.worksheets[0].iter_rows(values_only=True)]
s = time.perf_counter() - t
print(json.dumps({"seconds": s, "cpuSeconds": time.process_time() - c, "maxRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rows": len(rows) - 1}))
`;
const WRITE_XLSX = `
import random, sys
import openpyxl
random.seed(7)
wb = openpyxl.Workbook(write_only=True); ws = wb.create_sheet("Data")
ws.append([f"x{i}" for i in range(20)] + ["city", "note"])
for r in range(int(sys.argv[2])):
    ws.append([round(random.gauss(0, 1), 6) for _ in range(20)] + [random.choice(["Oslo", "Lima", "Pune"]), f"row {r}"])
wb.save(sys.argv[1])
`;

function run(command: string, args: string[]): Measure | undefined {
  const out = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (out.status !== 0) {
    process.stderr.write(`${command} failed: ${out.stderr}\n`);
    return undefined;
  }
  return JSON.parse(out.stdout.trim().split('\n').at(-1)!) as Measure;
}

async function writeCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  // mulberry32: an LCG in doubles lost its low bits (seed × 1103515245 exceeds 2^53) and repeated
  // after ~5,500 values per column, which flattered every distinct count.
  let seed = 12345;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
  out.write([...Array.from({ length: 20 }, (_, i) => `x${i}`), 'city', 'note'].join(',') + '\n');
  const cities = ['Oslo', 'Lima', 'Pune', 'Kyiv'];
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const nums = Array.from({ length: 20 }, () => (rand() * 1000).toFixed(4));
    lines.push(`${nums.join(',')},${cities[r % 4]},row ${r}`);
    if (lines.length === 10_000) {
      if (!out.write(lines.join('\n') + '\n')) await once(out, 'drain');
      lines.length = 0;
    }
  }
  out.write(lines.length ? lines.join('\n') + '\n' : '');
  out.end();
  await once(out, 'finish');
}

function row(name: string, file: string, m: Measure | undefined, base: Measure | undefined): string {
  if (!m) return `| ${name} | — | — | — | — | — | — |`;
  const mb = statSync(file).size / 1048576;
  const ratio = base && m !== base ? `${(m.seconds / base.seconds).toFixed(2)}×` : '1.00×';
  return `| ${name} | ${m.seconds.toFixed(2)} s | ${m.cpuSeconds.toFixed(2)} s | ${(mb / m.seconds).toFixed(1)} MB/s | ${Math.round(m.rows / m.seconds).toLocaleString('en')} rows/s | ${Math.round(m.maxRssMb)} MB (${(m.maxRssMb / mb).toFixed(1)}× file) | ${ratio} |`;
}

/** The fastest of a reader's runs (by wall time); undefined if every run failed. */
function fastest(runs: (Measure | undefined)[]): Measure | undefined {
  return runs.filter((m): m is Measure => m !== undefined).sort((a, b) => a.seconds - b.seconds)[0];
}

function goal(text: string, met: boolean | undefined): string {
  return `- ${met === undefined ? '—' : met ? 'met' : '**not met**'}: ${text}`;
}

const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' / ');

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--measure') return measureSelf(args[1]!);
  const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || fallback : fallback);
  const rows = option('--rows', 1_000_000);
  const xlsxRows = option('--xlsx-rows', 100_000);
  const repeat = option('--repeat', 1);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'regula-bench-'));
  const hasPython = existsSync(PYTHON);
  try {
    const csv = path.join(dir, 'wide.csv');
    process.stderr.write(`writing ${rows.toLocaleString('en')}-row CSV…\n`);
    await writeCsv(csv, rows);
    const xlsx = path.join(dir, 'sheet.xlsx');
    if (hasPython) {
      process.stderr.write(`writing ${xlsxRows.toLocaleString('en')}-row XLSX with openpyxl…\n`);
      spawnSync(PYTHON, ['-c', WRITE_XLSX, xlsx, String(xlsxRows)], { stdio: 'inherit' });
    }
    const self = (file: string) => run(process.execPath, [...process.execArgv, here, '--measure', file]);
    const loadBefore = load();
    const runs: Record<'regulaCsv' | 'pandasCsv' | 'regulaXlsx' | 'openpyxlXlsx', (Measure | undefined)[]> = { regulaCsv: [], pandasCsv: [], regulaXlsx: [], openpyxlXlsx: [] };
    for (let i = 1; i <= repeat; i++) {
      process.stderr.write(`measuring (run ${i} of ${repeat})…\n`);
      runs.regulaCsv.push(self(csv));
      if (hasPython) runs.pandasCsv.push(run(PYTHON, ['-c', PANDAS, csv]));
      if (existsSync(xlsx)) {
        runs.regulaXlsx.push(self(xlsx));
        runs.openpyxlXlsx.push(run(PYTHON, ['-c', OPENPYXL, xlsx]));
      }
    }
    const [regulaCsv, pandasCsv, regulaXlsx, openpyxlXlsx] = [runs.regulaCsv, runs.pandasCsv, runs.regulaXlsx, runs.openpyxlXlsx].map(fastest);
    const csvMb = statSync(csv).size / 1048576;
    console.log(`\n### Import benchmark\n`);
    console.log(`${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, load average (1/5/15 min) ${loadBefore} before and ${load()} after; ${repeat === 1 ? 'one run each' : `fastest of ${repeat} interleaved runs each`}.\n`);
    console.log('| reader | wall time | CPU time | throughput | rows | peak RSS | time vs Regula |');
    console.log('|---|---|---|---|---|---|---|');
    console.log(row(`Regula importTable, CSV ${rows.toLocaleString('en')}×22 (${Math.round(csvMb)} MB)`, csv, regulaCsv, regulaCsv));
    console.log(row('pandas.read_csv, same CSV', csv, pandasCsv, regulaCsv));
    if (regulaXlsx) {
      console.log(row(`Regula importTable, XLSX ${xlsxRows.toLocaleString('en')}×22`, xlsx, regulaXlsx, regulaXlsx));
      console.log(row('openpyxl read-only, same XLSX', xlsx, openpyxlXlsx, regulaXlsx));
    }
    console.log('\nGoals (issue 4):');
    console.log(goal('CSV: Regula at least as fast as pandas.read_csv', regulaCsv && pandasCsv ? regulaCsv.seconds <= pandasCsv.seconds : undefined));
    console.log(goal('CSV: Regula peak memory under 3× the file size', regulaCsv ? regulaCsv.maxRssMb < 3 * csvMb : undefined));
    console.log(goal('XLSX: Regula at least 3× faster than openpyxl read-only', regulaXlsx && openpyxlXlsx ? openpyxlXlsx.seconds >= 3 * regulaXlsx.seconds : undefined));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
