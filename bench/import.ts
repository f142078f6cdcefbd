// Import speed and memory: a generated 1,000,000 × 22 CSV (20 numeric, 2 text columns) and a
// 100,000-row XLSX, read by Regula and — when Debian's python is present — by pandas.read_csv and
// openpyxl (read-only), each in its own process so peak RSS is that reader's alone.
//   npx tsx bench/import.ts [--rows 1000000] [--xlsx-rows 100000]
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
  maxRssMb: number;
  rows: number;
}

async function measureSelf(file: string): Promise<void> {
  const start = performance.now();
  const { table } = await importTable(file);
  const seconds = (performance.now() - start) / 1000;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ seconds, maxRssMb, rows: table.rowCount } satisfies Measure));
}

const PANDAS = `
import json, resource, sys, time
import pandas as pd
t = time.perf_counter(); df = pd.read_csv(sys.argv[1]); s = time.perf_counter() - t
print(json.dumps({"seconds": s, "maxRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rows": len(df)}))
`;
const OPENPYXL = `
import json, resource, sys, time
import openpyxl
t = time.perf_counter()
wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
rows = [r for r in wb.worksheets[0].iter_rows(values_only=True)]
s = time.perf_counter() - t
print(json.dumps({"seconds": s, "maxRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rows": len(rows) - 1}))
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
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
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
  if (!m) return `| ${name} | — | — | — | — | — |`;
  const mb = statSync(file).size / 1048576;
  const ratio = base && m !== base ? `${(m.seconds / base.seconds).toFixed(2)}×` : '1.00×';
  return `| ${name} | ${m.seconds.toFixed(2)} s | ${(mb / m.seconds).toFixed(1)} MB/s | ${Math.round(m.rows / m.seconds).toLocaleString('en')} rows/s | ${Math.round(m.maxRssMb)} MB | ${ratio} |`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--measure') return measureSelf(args[1]!);
  const rows = Number(args[args.indexOf('--rows') + 1] ?? 0) || 1_000_000;
  const xlsxRows = Number(args[args.indexOf('--xlsx-rows') + 1] ?? 0) || 100_000;
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
    process.stderr.write('measuring…\n');
    const regulaCsv = self(csv);
    const pandasCsv = hasPython ? run(PYTHON, ['-c', PANDAS, csv]) : undefined;
    const regulaXlsx = existsSync(xlsx) ? self(xlsx) : undefined;
    const openpyxlXlsx = existsSync(xlsx) ? run(PYTHON, ['-c', OPENPYXL, xlsx]) : undefined;
    console.log(`\nImport benchmark — ${os.cpus().length} cores, Node ${process.version}\n`);
    console.log('| reader | wall time | throughput | rows | peak RSS | time vs Regula |');
    console.log('|---|---|---|---|---|---|');
    console.log(row(`Regula importTable, CSV ${rows.toLocaleString('en')}×22`, csv, regulaCsv, regulaCsv));
    console.log(row('pandas.read_csv, same CSV', csv, pandasCsv, regulaCsv));
    if (regulaXlsx) {
      console.log(row(`Regula importTable, XLSX ${xlsxRows.toLocaleString('en')}×22`, xlsx, regulaXlsx, regulaXlsx));
      console.log(row('openpyxl read-only, same XLSX', xlsx, openpyxlXlsx, regulaXlsx));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
