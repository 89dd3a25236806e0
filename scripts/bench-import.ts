/**
 * `npm run bench:import`: how long the 市场主体 register import takes over real HTTP, for a
 * file of 2,000 rows (the goal: under 10 s). Throwaway and local: a migrated, seeded SQLite
 * database in a temp folder, a Temporal dev server (the API connects to one at start), and the
 * API in a process of its own (`startApi`, as `npm run api` runs it), so the uploading client
 * and the server do not share an event loop.
 *
 *   npm run bench:import -- [--rows 2000] [--runs 5]
 *
 * Each run uploads (a) the .xlsx in check mode, (b) the same file in commit mode — 2,000 new
 * businesses, the codes differ per run — (c) it again in commit mode (all unchanged), and
 * (d) the same rows as a GB18030 CSV in check mode. Prints the median, min and max per kind.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createPrismaClient, issueToken } from '../db';
import { DEFAULT_INSPECTION_POLICY } from '../domain/inspection';
import { median } from '../domain/rapid-response';
import { makeCreditCode, villages } from '../prisma/seed-data/catalog';
import { startApi } from './api';
import { startDevServer } from './dev-server';
import { migrateAndSeed } from './migrate';

const log = (message: string) => console.log(`[bench:import ${new Date().toISOString().slice(11, 19)}] ${message}`);

function argValue(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
}

const HEADINGS = ['统一社会信用代码', '企业名称', '乡镇', '村（社区）', '住所', '场景', '风险等级', '信用等级', '经营者', '联系电话', '无事不扰', '原因', '起', '止'];

/** `rows` register rows; run r has codes of its own, so each commit creates them anew. */
function registerRows(run: number, rows: number): string[][] {
  return Array.from({ length: rows }, (_, i) => {
    const n = run * 100_000 + i;
    return [
      makeCreditCode(`91500230BN${String(n).padStart(7, '0')}`),
      `包鸾镇基准测试商户${n}`,
      '包鸾镇',
      villages[n % villages.length],
      `重庆市丰都县包鸾镇新街${n}号`,
      n % 2 ? '餐饮店' : '',
      ['低', '中', '高'][n % 3],
      'ABCD'[n % 4],
      `经营者${n}`,
      `138${String(n).padStart(8, '0')}`,
      n % 50 === 0 ? '是' : '否',
      n % 50 === 0 ? '信用A级，近三年无投诉' : '',
      n % 50 === 0 ? '2026-01-01' : '',
      n % 50 === 0 ? '2026-12-31' : '',
    ];
  });
}

async function xlsxOf(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名录');
  sheet.addRow(HEADINGS);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const csvOf = (rows: string[][]) => iconv.encode([HEADINGS, ...rows].map((r) => r.join(',')).join('\r\n'), 'gb18030');

/** The API child: serves on a free port, prints it, and stops on SIGTERM. */
async function apiProcess(argv: string[]) {
  const [address, databaseUrl] = argv;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const api = await startApi({
    address,
    namespace: 'default',
    taskQueue: 'bench-import',
    databaseUrl,
    port: 0,
    host: '127.0.0.1',
    policy: DEFAULT_INSPECTION_POLICY,
    logLevel: 'silent',
  });
  process.stdout.write(`${JSON.stringify({ port: api.port })}\n`);
  process.once('SIGTERM', () => void api.close().then(() => process.exit(0)));
}

function runApi(args: string[]): Promise<{ port: number; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), __filename, '--api', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.once('exit', (code) => reject(new Error(`the API exited with ${code} before it was ready`)));
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (!out.includes('\n')) return;
      const { port } = JSON.parse(out.split('\n')[0]) as { port: number };
      resolve({
        port,
        async stop() {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}

async function timedUpload(baseUrl: string, token: string, bytes: Buffer, name: string, mode: 'check' | 'commit') {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  const t0 = performance.now();
  const response = await fetch(`${baseUrl}/api/businesses/import?mode=${mode}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const report = (await response.json()) as { counts?: Record<string, number>; error?: unknown };
  const ms = performance.now() - t0;
  if (response.status !== 200) throw new Error(`${mode} ${name}: HTTP ${response.status} ${JSON.stringify(report).slice(0, 500)}`);
  return { ms, counts: report.counts! };
}

async function main(argv: string[]) {
  const rows = Number(argValue(argv, 'rows', '2000'));
  const runs = Number(argValue(argv, 'runs', '5'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onevisit-bench-import-'));
  const databaseUrl = `file:${path.join(dir, 'app.db')}`;
  log(`database ${databaseUrl}; ${rows} rows × ${runs} runs`);
  await migrateAndSeed(databaseUrl, { demo: true });
  const prisma = createPrismaClient(databaseUrl);
  const officer = await prisma.officer.findUniqueOrThrow({ where: { key: 'coordinator-2' } });
  const token = await issueToken(prisma, officer.id, 'bench-import');
  const server = await startDevServer({ log: (m) => log(`[temporal-cli] ${m}`) });
  const api = await runApi([server.address, databaseUrl]);
  const baseUrl = `http://127.0.0.1:${api.port}`;
  const times: Record<'check' | 'commit' | 'unchanged' | 'csvCheck', number[]> = { check: [], commit: [], unchanged: [], csvCheck: [] };
  try {
    // One warm-up round (module loading, SQLite page cache) that is not counted.
    const warm = registerRows(99, rows);
    await timedUpload(baseUrl, token, await xlsxOf(warm), 'warm.xlsx', 'check');
    for (let run = 0; run < runs; run++) {
      const data = registerRows(run, rows);
      const xlsx = await xlsxOf(data);
      const check = await timedUpload(baseUrl, token, xlsx, `run${run}.xlsx`, 'check');
      const commit = await timedUpload(baseUrl, token, xlsx, `run${run}.xlsx`, 'commit');
      const unchanged = await timedUpload(baseUrl, token, xlsx, `run${run}.xlsx`, 'commit');
      const csv = await timedUpload(baseUrl, token, csvOf(data), `run${run}.csv`, 'check');
      if (commit.counts.created !== rows || unchanged.counts.unchanged !== rows || csv.counts.unchanged !== rows) {
        throw new Error(`unexpected counts: ${JSON.stringify({ commit: commit.counts, unchanged: unchanged.counts, csv: csv.counts })}`);
      }
      times.check.push(check.ms);
      times.commit.push(commit.ms);
      times.unchanged.push(unchanged.ms);
      times.csvCheck.push(csv.ms);
      log(`run ${run + 1}: check ${check.ms.toFixed(0)} ms, commit ${commit.ms.toFixed(0)} ms, commit unchanged ${unchanged.ms.toFixed(0)} ms, GB18030 CSV check ${csv.ms.toFixed(0)} ms (xlsx ${(xlsx.length / 1024).toFixed(0)} KB)`);
    }
    const stored = await prisma.target.count({ where: { creditCode: { startsWith: '91500230BN' } } });
    log(`businesses stored by the benchmark: ${stored}`);
    const fmt = (values: number[]) => `median ${median(values)!.toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;
    console.log(`\n${rows} rows, ${runs} runs, over HTTP to the API process on SQLite:`);
    console.log(`  xlsx check (writes nothing)        ${fmt(times.check)}`);
    console.log(`  xlsx commit (${rows} new)          ${fmt(times.commit)}`);
    console.log(`  xlsx commit again (all unchanged)  ${fmt(times.unchanged)}`);
    console.log(`  GB18030 CSV check                  ${fmt(times.csvCheck)}`);
  } finally {
    await api.stop();
    await server.teardown();
    await prisma.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const argv = process.argv.slice(2);
if (argv[0] === '--api') {
  apiProcess(argv.slice(1)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main(argv).then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
